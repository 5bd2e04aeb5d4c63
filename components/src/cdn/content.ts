/**
 * The files `AwsCdn` uploads from a content directory: their listing, content types and the hash that triggers the
 * cache invalidation. Plain functions, read at plan time.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** Content types by file extension (lower case, with the dot); anything else is `application/octet-stream`. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".zip": "application/zip",
};

/** The content type of a file name, from its extension. */
export function contentTypeOf(file: string): string {
    return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** A file of a content directory: its path relative to the directory (`/`-separated) and absolute path. */
export interface ContentFile {
    relativePath: string;
    absolutePath: string;
}

/** Every regular file under `directory`, recursively, sorted by relative path (`/`-separated). Symbolic links are followed. */
export function listContentFiles(directory: string): ContentFile[] {
    const files: ContentFile[] = [];
    const walk = (dir: string, prefix: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const absolutePath = path.join(dir, entry.name);
            const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
            const stat = fs.statSync(absolutePath);
            if (stat.isDirectory()) walk(absolutePath, relativePath);
            else if (stat.isFile()) files.push({ relativePath, absolutePath });
        }
    };
    walk(directory, "");
    return files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
}

/** SHA-256 over the files' relative paths and bytes: changes when any file is added, removed, renamed or edited. */
export function contentHash(files: readonly ContentFile[]): string {
    const hash = crypto.createHash("sha256");
    for (const file of files) {
        const bytes = fs.readFileSync(file.absolutePath);
        hash.update(`${file.relativePath}\0${bytes.length}\0`);
        hash.update(bytes);
    }
    return hash.digest("hex");
}
