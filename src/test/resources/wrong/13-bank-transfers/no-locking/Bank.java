// WRONG: no locking at all: balance -= amount from two threads loses updates
/** A bank without any synchronization. */
public final class Bank {

  private final long[] balances;

  public Bank(long... openingBalances) {
    for (long b : openingBalances) {
      if (b < 0) throw new IllegalArgumentException("negative opening balance");
    }
    balances = openingBalances.clone();
  }

  public int accounts() {
    return balances.length;
  }

  public long balance(int account) {
    check(account);
    return balances[account];
  }

  public long totalBalance() {
    long sum = 0;
    for (long b : balances) sum += b;
    return sum;
  }

  public boolean transfer(int from, int to, long amount) {
    if (amount <= 0) throw new IllegalArgumentException("amount must be positive");
    check(from);
    check(to);
    if (from == to) throw new IllegalArgumentException("same account");
    if (balances[from] < amount) return false;
    balances[from] -= amount;
    balances[to] += amount;
    return true;
  }

  private void check(int id) {
    if (id < 0 || id >= balances.length) throw new IllegalArgumentException("no account " + id);
  }
}
