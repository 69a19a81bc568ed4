/** A COPY/ADD problem the user can fix; the caller adds the Dockerfile location. */
export class ContextError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ContextError';
  }
}
