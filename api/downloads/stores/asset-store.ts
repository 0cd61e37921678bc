/** What a store knows of an object once it is written. */
export interface StoredObject {
  readonly size: number;
  /** Lower-case hex. */
  readonly sha256: string;
}

/** A byte range, both ends inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Raised when an upload grows past the configured limit; nothing is kept. */
export class UploadTooLargeError extends Error {
  override readonly name = "UploadTooLargeError";
  constructor(readonly maxBytes: number) {
    super(`Upload exceeds ${maxBytes} bytes`);
  }
}

/**
 * The store failed for a reason other than "no such object" (unreachable, refused,
 * misconfigured); `cause` carries the underlying error. Callers answer 502/503.
 */
export class AssetStoreError extends Error {
  override readonly name = "AssetStoreError";
  constructor(message: string, options: { readonly cause: unknown }) {
    super(message, options);
  }
}

/**
 * Where asset files live. `put` streams the body while hashing it and either
 * keeps the whole object or nothing.
 */
export interface AssetStore {
  put(
    key: string,
    body: ReadableStream<Uint8Array>,
    options: { readonly maxBytes: number },
  ): Promise<StoredObject>;
  /** A stream of the object (or of one range of it); `null` when there is no such object. */
  read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
  delete(key: string): Promise<void>;
  /** Releases what the store holds open (an S3 client's connections), on shutdown. */
  close?(): void;
  /**
   * A short-lived URL the client fetches the object from directly (a presigned
   * GET that carries the filename and content type), for stores that serve
   * downloads themselves. Absent on stores whose bytes stream through the service.
   */
  readUrl?(
    key: string,
    options: {
      readonly filename: string;
      readonly contentType: string;
      readonly expiresInSeconds: number;
    },
  ): Promise<string>;
}
