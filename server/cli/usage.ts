/** A command line mistake: the message is shown with the usage, and the exit status is 2. */
export class UsageError extends Error {}
