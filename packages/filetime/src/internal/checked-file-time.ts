import { FileTime } from '../file-time.js';
import { checkedTicks } from './checks.js';

/** A FILETIME from bigint ticks, with a range error that describes the computation. */
export function checkedFileTime(ticks: bigint, describe: () => string): FileTime {
  return new FileTime(checkedTicks(ticks, describe));
}
