import { realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliInputError } from './cli-input.js';

/**
 * Writes an output file (a report, a trace) so that it is whole or absent: the text goes to a
 * temporary file beside it, renamed over the target only once it is all written. A failing write
 * (a full disk, a read-only folder) leaves the earlier file as it was and says so in one line.
 * @throws {CliInputError} naming the path and the system's error code.
 */
export function writeOutputFile(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.mqsim-tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliInputError(`cannot write ${path}: ${code}`, {
      value: path,
      allowed: 'a path in a writable folder, on a disk with room',
      cause: error,
    });
  }
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
