namespace Zos.Runtime.Gc
{
    // Memory accounts: every object is charged to the account that was current
    // when it was allocated (a fault domain's, or 0, the kernel's, which has no
    // quota). The account number lives in the object's header word, which
    // nothing else uses while the object lives (a free cell keeps its free-list
    // link there), so the sweep credits each dead object back to its account.
    // A closed account that still has live objects drains: it is reused only
    // once the last of them died, so no sweep ever credits a newer owner.
    internal unsafe partial struct GcHeap
    {
        public const int MaxAccounts = 64;
        public const int KernelAccount = 0;

        private const byte AccountFree = 0;
        private const byte AccountOpen = 1;
        private const byte AccountDraining = 2;
        // Open, still charged, no longer held to its quota (its owner is failing).
        private const byte AccountUnenforced = 3;

        // A new account allowed quotaBytes of live objects, or KernelAccount when all are taken.
        public int OpenAccount(ulong quotaBytes)
        {
            for (int account = 1; account < MaxAccounts; account++)
            {
                if (_accountState[account] != AccountFree) continue;
                _accountState[account] = AccountOpen;
                _accountQuota[account] = quotaBytes;
                return account;
            }
            return KernelAccount;
        }

        public void CloseAccount(int account)
        {
            if (account <= KernelAccount || account >= MaxAccounts) return;
            if (_accountState[account] != AccountOpen && _accountState[account] != AccountUnenforced) return;
            _accountState[account] = _accountBytes[account] == 0 ? AccountFree : AccountDraining;
        }

        // Bytes of the account's objects still allocated (live, or dead and not yet swept).
        public ulong AccountBytes(int account) => account >= 0 && account < MaxAccounts ? _accountBytes[account] : 0;

        public ulong AccountQuota(int account) => account > KernelAccount && account < MaxAccounts ? _accountQuota[account] : 0;

        // Whether allocating size more bytes would take an open account past its quota.
        public bool WouldExceedQuota(int account, ulong size) =>
            account > KernelAccount && account < MaxAccounts && _accountState[account] == AccountOpen
            && _accountBytes[account] + size > _accountQuota[account];

        public void StopEnforcing(int account)
        {
            if (account > KernelAccount && account < MaxAccounts && _accountState[account] == AccountOpen) _accountState[account] = AccountUnenforced;
        }

        private void Charge(byte* cell, int account, ulong bytes)
        {
            *(ulong*)cell = (ulong)account;
            _accountBytes[account] += bytes;
        }

        // The cell's object is dead and the cell about to be reused.
        private void Credit(byte* cell, ulong bytes)
        {
            ulong account = *(ulong*)cell;
            if (account >= MaxAccounts) return;
            _accountBytes[account] -= bytes;
            if (_accountBytes[account] == 0 && _accountState[account] == AccountDraining) _accountState[account] = AccountFree;
        }
    }
}
