import java.util.concurrent.locks.ReentrantLock;

/**
 * A bank whose accounts many threads use at once. Accounts are numbered 0, 1, 2, ... in the
 * order of the opening balances given to the constructor; money is a whole number (cents).
 *
 * <p>Thread-safe: any number of threads may call any method at the same time. A transfer is
 * atomic (no thread ever sees the money in neither account or in both), balances never go
 * negative, the total never changes, and no combination of calls can deadlock.
 */
public final class Bank {

  /** One account: its own lock, and a balance that is only read or written under that lock. */
  private static final class Account {
    final ReentrantLock lock = new ReentrantLock();
    long balance; // guarded by lock

    Account(long balance) {
      this.balance = balance;
    }
  }

  private final Account[] accounts;

  /**
   * Opens one account per opening balance: account 0 gets the first, and so on.
   *
   * @throws IllegalArgumentException if an opening balance is negative
   */
  public Bank(long... openingBalances) {
    accounts = new Account[openingBalances.length];
    for (int i = 0; i < openingBalances.length; i++) {
      if (openingBalances[i] < 0) {
        throw new IllegalArgumentException("account " + i + ": opening balance "
            + openingBalances[i] + " is negative");
      }
      accounts[i] = new Account(openingBalances[i]);
    }
  }

  /** How many accounts the bank has. */
  public int accounts() {
    return accounts.length;
  }

  /**
   * The balance of one account.
   *
   * @throws IllegalArgumentException if there is no such account
   */
  public long balance(int account) {
    Account a = account(account);
    a.lock.lock();
    try {
      return a.balance;
    } finally {
      a.lock.unlock();
    }
  }

  /**
   * The sum of all balances, as one consistent snapshot: the same number whatever transfers run
   * at the same time, because no transfer can be half done while it is added up.
   */
  public long totalBalance() {
    // every lock, in the one global order (by id), so that this cannot deadlock with transfer
    int locked = 0;
    try {
      for (Account a : accounts) {
        a.lock.lock();
        locked++;
      }
      long sum = 0;
      for (Account a : accounts) sum += a.balance;
      return sum;
    } finally {
      for (int i = locked - 1; i >= 0; i--) accounts[i].lock.unlock();
    }
  }

  /**
   * Moves {@code amount} from one account to another, atomically.
   *
   * @return true if the money was moved; false, changing nothing, if {@code from} holds less than
   *     {@code amount}
   * @throws IllegalArgumentException if the amount is not positive, an account does not exist, or
   *     {@code from == to}
   */
  public boolean transfer(int from, int to, long amount) {
    if (amount <= 0) throw new IllegalArgumentException("amount " + amount + " is not positive");
    Account source = account(from);
    Account target = account(to);
    if (from == to) throw new IllegalArgumentException("a transfer from account " + from + " to itself");

    // lock ordering: always the smaller id first, whatever the direction of the transfer. Two
    // opposite transfers then want the same lock first, and no cycle of waiting can form.
    Account first = from < to ? source : target;
    Account second = from < to ? target : source;
    first.lock.lock();
    try {
      second.lock.lock();
      try {
        // check and act under both locks: nobody can take the money between the two
        if (source.balance < amount) return false;
        source.balance -= amount;
        target.balance += amount;
        return true;
      } finally {
        second.lock.unlock();
      }
    } finally {
      first.lock.unlock();
    }
  }

  private Account account(int id) {
    if (id < 0 || id >= accounts.length) {
      throw new IllegalArgumentException("no account " + id + " (accounts are 0 to "
          + (accounts.length - 1) + ")");
    }
    return accounts[id];
  }
}
