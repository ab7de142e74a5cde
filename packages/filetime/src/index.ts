/**
 * @mqsim/filetime — exact Windows FILETIME values (100-ns ticks since 1601-01-01 UTC) in every
 * encoding people meet them in, durations, and clocks: a real-time one and the discrete-event
 * virtual clock every mqsim simulation runs on.
 *
 * @packageDocumentation
 */
export { fromBytes, toBytes } from './bytes.js';
export type { Clock, TimerId } from './clock.js';
export { fromClockTicks, toClockTicks } from './clock.js';
export type {
  CommandOutputEncoding,
  DecodedCommandOutput,
  TextProblem,
  TextReading,
} from './command-output.js';
export { decodeCommandOutput, splitOutputLines, toCommandOutputText } from './command-output.js';
export {
  DOTNET_MAX_TICKS,
  DOTNET_TICKS_AT_FILETIME_EPOCH,
  MAX_FILETIME_TICKS,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MICROSECOND,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  UNIX_EPOCH_TICKS,
} from './constants.js';
export { fromDate, toDateFloored } from './date.js';
export { fromDotNetTicks, toDotNetTicks } from './dotnet.js';
export { formatDuration, parseDuration, toSafeTicks } from './duration.js';
export type { DwordPair } from './dwords.js';
export { fromDwords, fromDwordText, toDwords } from './dwords.js';
export type { MqsimErrorDetails } from './errors.js';
export {
  DurationParseError,
  FileTimeParseError,
  FileTimeRangeError,
  MqsimError,
  ScheduleError,
  SimulationEventError,
} from './errors.js';
export { FileTime, fromDecimal, fromTicks, toDecimal } from './file-time.js';
export { fromHex, toHex } from './hex.js';
export type { IsoParts } from './iso.js';
export { dateAndTime, fromIso, isoParts, toIso } from './iso.js';
export type { FileTimeForm, ParsedFileTime } from './parse.js';
export { FILETIME_FORMS, parseFileTime } from './parse.js';
export { fromRegBinary, fromRegQword, toRegBinary, toRegQword } from './reg.js';
export type { SystemClockOptions } from './system-clock.js';
export { SystemClock } from './system-clock.js';
export { parseDurationTicks, secondsToTicks, TICKS, ticksToSeconds } from './ticks.js';
export type { TraceEvent, TraceRecorder, TraceSink, TraceVocabulary } from './trace.js';
export { createTraceRecorder, defineTraceVocabulary, nullTraceSink } from './trace.js';
export {
  fromUnixMicroseconds,
  fromUnixMilliseconds,
  fromUnixNanoseconds,
  fromUnixSeconds,
  toUnixMicroseconds,
  toUnixMilliseconds,
  toUnixNanoseconds,
  toUnixSeconds,
} from './unix.js';
export type { VirtualClockOptions } from './virtual-clock.js';
export { VirtualClock } from './virtual-clock.js';
export { decodeWindows1252 } from './windows-1252.js';
