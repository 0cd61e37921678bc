import { mkdtempSync, rmSync } from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/** A local S3-compatible server on a free port, with one empty bucket. */
export interface TestS3Server {
  readonly endpoint: string;
  readonly bucket: string;
  /** s3rver's fixed credentials; it checks signatures made with them. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Keys of the multipart uploads aborted so far, to tell which path an upload took. */
  readonly abortedUploads: readonly string[];
  /** Store environment for `loadConfig`/`createTestContext`. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

interface KoaContext {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}

/** The parts of s3rver's Koa app that its type definitions leave out. */
interface S3rverInternals {
  readonly middleware: ((ctx: KoaContext, next: () => Promise<void>) => Promise<void>)[];
  readonly store: {
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  };
}

/**
 * Starts s3rver (a file-backed S3 server) on port 0 in a temporary directory.
 * s3rver lacks AbortMultipartUpload and ListMultipartUploads; they are added here
 * over s3rver's own on-disk upload folders, so a test can prove that an aborted
 * upload leaves no parts behind. Known gaps of s3rver that tests must not rely
 * on: it accepts any SigV4 signature (only expiry is checked) and reads the
 * range `bytes=0-0` as the whole object.
 *
 * @example
 * const s3 = await startTestS3Server();
 * afterAll(() => s3.close());
 */
export async function startTestS3Server(bucket = "keyport-test"): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), "keyport-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const internals = server as unknown as S3rverInternals;
  const abortedUploads: string[] = [];
  const uploadsOf = (name: string) => internals.store.getResourcePath(name, undefined, "uploads");
  internals.middleware.unshift(async (ctx, next) => {
    // Path style: /bucket/key, or /bucket/ for bucket operations.
    const [, name = "", ...keyParts] = ctx.path.split("/");
    const key = keyParts.join("/");
    const uploadId = ctx.query.uploadId;
    if (ctx.method === "DELETE" && key !== "" && typeof uploadId === "string") {
      const folder = join(uploadsOf(name), uploadId.replace(/[^0-9a-f]/g, ""));
      if (!(await exists(folder))) return answerXml(ctx, 404, errorXml("NoSuchUpload"));
      await rm(folder, { recursive: true, force: true });
      abortedUploads.push(decodeURIComponent(key));
      ctx.status = 204;
      return;
    }
    if (ctx.method === "GET" && key === "" && "uploads" in ctx.query) {
      return answerXml(ctx, 200, await listUploadsXml(name, uploadsOf(name)));
    }
    await next();
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  return {
    endpoint,
    bucket,
    credentials,
    abortedUploads,
    env: {
      ASSET_STORE: "s3",
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: "true",
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function listUploadsXml(bucket: string, folder: string): Promise<string> {
  const ids = (await exists(folder)) ? await readdir(folder) : [];
  const uploads = await Promise.all(
    ids.map(async (id) => {
      const key = await readFile(join(folder, id, "key"), "utf8");
      return `<Upload><Key>${escapeXml(key)}</Key><UploadId>${id}</UploadId></Upload>`;
    }),
  );
  return (
    `<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
    `<Bucket>${escapeXml(bucket)}</Bucket><IsTruncated>false</IsTruncated>${uploads.join("")}` +
    "</ListMultipartUploadsResult>"
  );
}

function errorXml(code: string): string {
  return `<Error><Code>${code}</Code><Message>${code}</Message></Error>`;
}

function answerXml(ctx: KoaContext, status: number, xml: string): void {
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

/** A port nothing listens on (bound once to learn a free number, then closed), to play a dead S3. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
