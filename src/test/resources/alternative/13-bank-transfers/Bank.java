// ALTERNATIVE: plain long[] balances guarded by nested synchronized blocks on per-account monitors (lower index first); totalBalance() takes a read-write lock's write side instead of every account lock
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Thread-safe accounts with atomic transfers; see the README of exercise 13. */
public final class Bank {
  private final long[] balances; // balances[i] guarded by monitors[i] (and by the write lock)
  private final Object[] monitors;
  // transfers share the read side, so they run in parallel; a total excludes them all at once
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  public Bank(long... openingBalances) {
    for (long b : openingBalances) {
      if (b < 0) throw new IllegalArgumentException("negative opening balance " + b);
    }
    balances = openingBalances.clone();
    monitors = new Object[balances.length];
    for (int i = 0; i < monitors.length; i++) monitors[i] = new Object();
  }

  public int accounts() {
    return balances.length;
  }

  public long balance(int account) {
    check(account);
    synchronized (monitors[account]) {
      return balances[account];
    }
  }

  public long totalBalance() {
    gate.writeLock().lock();
    try {
      long sum = 0;
      for (long b : balances) sum += b;
      return sum;
    } finally {
      gate.writeLock().unlock();
    }
  }

  public boolean transfer(int from, int to, long amount) {
    check(from);
    check(to);
    if (from == to) throw new IllegalArgumentException("from and to are both " + from);
    if (amount < 1) throw new IllegalArgumentException("amount " + amount);
    gate.readLock().lock();
    try {
      synchronized (monitors[Math.min(from, to)]) {
        synchronized (monitors[Math.max(from, to)]) {
          if (balances[from] - amount < 0) return false;
          balances[from] -= amount;
          balances[to] += amount;
          return true;
        }
      }
    } finally {
      gate.readLock().unlock();
    }
  }

  private void check(int account) {
    if (account < 0 || account >= balances.length) {
      throw new IllegalArgumentException("no account " + account);
    }
  }
}
