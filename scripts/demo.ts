/** Placeholder until the audit pipeline lands: says so honestly and exits with "audit failed". */
console.error('mi-auditor demo: the audit pipeline is not built yet (see README, Status).');
process.exitCode = 1;
