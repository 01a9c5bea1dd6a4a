/**
 * A bank whose accounts many threads use at once. Accounts are numbered 0, 1, 2, ... in the
 * order of the opening balances given to the constructor; money is a whole number (cents).
 *
 * <p>Thread-safe: any number of threads may call any method at the same time. A transfer is
 * atomic (no thread ever sees the money in neither account or in both), balances never go
 * negative, the total never changes, and no combination of calls can deadlock.
 */
public final class Bank {

  // TODO: the accounts: one balance and one lock (or monitor) per account

  /**
   * Opens one account per opening balance: account 0 gets the first, and so on.
   *
   * @throws IllegalArgumentException if an opening balance is negative
   */
  public Bank(long... openingBalances) {
    // TODO
    throw new UnsupportedOperationException("TODO: Bank(openingBalances)");
  }

  /** How many accounts the bank has. */
  public int accounts() {
    // TODO
    throw new UnsupportedOperationException("TODO: Bank.accounts");
  }

  /**
   * The balance of one account.
   *
   * @throws IllegalArgumentException if there is no such account
   */
  public long balance(int account) {
    // TODO: read it under the account's lock
    throw new UnsupportedOperationException("TODO: Bank.balance");
  }

  /**
   * The sum of all balances, as one consistent snapshot: the same number whatever transfers run
   * at the same time, because no transfer can be half done while it is added up.
   */
  public long totalBalance() {
    // TODO: hold every account's lock (taken in the same order as transfer takes them)
    throw new UnsupportedOperationException("TODO: Bank.totalBalance");
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
    // TODO: check the arguments; lock both accounts in one global order (smaller id first);
    //       check the balance and move the money while holding both locks
    throw new UnsupportedOperationException("TODO: Bank.transfer");
  }
}
