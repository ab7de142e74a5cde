import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { CliInputError } from './cli-input.js';

/**
 * Writes an output file (a report, a trace) so that it is whole or absent: the text goes to a
 * temporary file beside it, renamed over the target only once it is all written. A failing write
 * (a full disk, a read-only folder) leaves the earlier file as it was and says so in one line.
 * A link is followed (the file it names is replaced, the link stays); a path that is not a
 * regular file (`/dev/null`, `/dev/stdout`, a named pipe, `>(gzip > x)`) is written to directly,
 * since renaming over it would replace the device or pipe with a file.
 * @throws {CliInputError} naming the path and the system's error code.
 */
export function writeOutputFile(path: string, text: string | Uint8Array): void {
  const existing = existingTarget(path);
  if (existing !== undefined && !existing.regular) {
    try {
      writeFileSync(path, text);
    } catch (error) {
      throw cannotWrite(path, error);
    }
    return;
  }
  const target = existing?.real ?? path;
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.mqsim-tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw cannotWrite(path, error);
  }
}

/** The file a path names now, links followed, or `undefined` when there is none. */
function existingTarget(
  path: string,
): { readonly real: string; readonly regular: boolean } | undefined {
  try {
    return { real: realpathSync(path), regular: statSync(path).isFile() };
  } catch {
    return undefined;
  }
}

function cannotWrite(path: string, error: unknown): CliInputError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new CliInputError(`cannot write ${path}: ${code}`, {
    value: path,
    allowed: 'a path in a writable folder, on a disk with room',
    cause: error,
  });
}

/**
 * Refuses output paths that would overwrite an input (`mqsim run mine.yaml --html mine.yaml`) or
 * each other (`--trace x --html x`): each is compared as the file it names, links resolved.
 * @throws {CliInputError} naming both uses of the path.
 */
export function checkOutputPaths(
  inputs: readonly { readonly flag: string; readonly path: string }[],
  outputs: readonly { readonly flag: string; readonly path: string }[],
): void {
  const seen = new Map<string, string>();
  for (const input of inputs) seen.set(canonical(input.path), input.flag);
  for (const output of outputs) {
    const key = canonical(output.path);
    const other = seen.get(key);
    if (other !== undefined) {
      throw new CliInputError(
        `${output.flag} ${output.path} is also the ${other}: it would be overwritten`,
        { value: output.path, allowed: `a file other than the ${other}` },
      );
    }
    seen.set(key, output.flag);
  }
}

/**
 * Refuses an output path inside an input folder (`mqsim doctor evidence --scenario
 * evidence/APP01/x.yaml`): it could overwrite an evidence file, and would be read as evidence
 * next time.
 * @throws {CliInputError} naming the output and the folder.
 */
export function checkOutsideFolder(
  folder: { readonly flag: string; readonly path: string },
  output: { readonly flag: string; readonly path: string },
): void {
  const inside = canonical(folder.path);
  const target = canonical(output.path);
  if (target === inside || target.startsWith(inside.endsWith(sep) ? inside : `${inside}${sep}`)) {
    throw new CliInputError(
      `${output.flag} ${output.path} is inside the ${folder.flag}: it would overwrite or add to what is read`,
      { value: output.path, allowed: `a file outside the ${folder.flag}` },
    );
  }
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Not there yet: the folder may exist (resolve it), the file is new.
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}
