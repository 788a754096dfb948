/**
 * Metadata keys of `@troupe/registry`. `@Registered` only records under these keys (and appends the
 * registry's extension under core's `troupe:extensions`); `internal/extension.ts` is the one reader.
 */

/** The list of {@link Registration}s of an actor class, own and inherited. */
export const REGISTRATIONS = 'troupe:registry:registrations';
