// WRONG: locks "from" and then "to", so two opposite transfers deadlock
/** A bank with one monitor per account, locked in argument order. */
public final class Bank {

  private static final class Account {
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
    synchronized (a) {
      return a.balance;
    }
  }

  public long totalBalance() {
    return sumFrom(0);
  }

  private long sumFrom(int i) {
    if (i == accounts.length) return 0;
    synchronized (accounts[i]) {
      return accounts[i].balance + sumFrom(i + 1);
    }
  }

  public boolean transfer(int from, int to, long amount) {
    if (amount <= 0) throw new IllegalArgumentException("amount must be positive");
    Account source = account(from);
    Account target = account(to);
    if (from == to) throw new IllegalArgumentException("same account");
    synchronized (source) {
      synchronized (target) {
        if (source.balance < amount) return false;
        source.balance -= amount;
        target.balance += amount;
        return true;
      }
    }
  }

  private Account account(int id) {
    if (id < 0 || id >= accounts.length) throw new IllegalArgumentException("no account " + id);
    return accounts[id];
  }
}
