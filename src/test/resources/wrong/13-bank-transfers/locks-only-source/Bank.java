// WRONG: locks only the account the money leaves. Two transfers into one account from different
// accounts hold different locks, and both add to the target at once: an update is lost
import java.util.concurrent.locks.ReentrantLock;

/** A bank with ordered per-account locks, but the balance check happens outside them. */
public final class Bank {

  private static final class Account {
    final ReentrantLock lock = new ReentrantLock();
    long balance;

    Account(long balance) {
      this.balance = balance;
    }
  }

  private final Account[] accounts;

  public Bank(long... openingBalances) {
    accounts = new Account[openingBalances.length];
    for (int i = 0; i < openingBalances.length; i++) {
      if (openingBalances[i] < 0) throw new IllegalArgumentException("negative opening balance");
      accounts[i] = new Account(openingBalances[i]);
    }
  }

  public int accounts() {
    return accounts.length;
  }

  public long balance(int account) {
    Account a = account(account);
    a.lock.lock();
    try {
      return a.balance;
    } finally {
      a.lock.unlock();
    }
  }

  public long totalBalance() {
    for (Account a : accounts) a.lock.lock();
    try {
      long sum = 0;
      for (Account a : accounts) sum += a.balance;
      return sum;
    } finally {
      for (int i = accounts.length - 1; i >= 0; i--) accounts[i].lock.unlock();
    }
  }

  public boolean transfer(int from, int to, long amount) {
    if (amount <= 0) throw new IllegalArgumentException("amount must be positive");
    Account source = account(from);
    Account target = account(to);
    if (from == to) throw new IllegalArgumentException("same account");
    source.lock.lock(); // only the source: "the account I take money from is the one to protect"
    try {
      if (source.balance < amount) return false;
      source.balance -= amount;
      target.balance += amount;
      return true;
    } finally {
      source.lock.unlock();
    }
  }

  private Account account(int id) {
    if (id < 0 || id >= accounts.length) throw new IllegalArgumentException("no account " + id);
    return accounts[id];
  }
}
