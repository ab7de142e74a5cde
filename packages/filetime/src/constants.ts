/** 100-ns ticks in one microsecond. */
export const TICKS_PER_MICROSECOND = 10n;
/** 100-ns ticks in one millisecond. */
export const TICKS_PER_MILLISECOND = 10_000n;
/** 100-ns ticks in one second. */
export const TICKS_PER_SECOND = 10_000_000n;
/** 100-ns ticks in one minute. */
export const TICKS_PER_MINUTE = 600_000_000n;
/** 100-ns ticks in one hour. */
export const TICKS_PER_HOUR = 36_000_000_000n;
/** 100-ns ticks in one day (FILETIME has no leap seconds). */
export const TICKS_PER_DAY = 864_000_000_000n;
/** The largest FILETIME: 2^64 − 1 ticks, 60056-05-28T05:36:10.9551615Z. */
export const MAX_FILETIME_TICKS = 0xffff_ffff_ffff_ffffn;
/** FILETIME of the Unix epoch, 1970-01-01T00:00:00Z: 116 444 736 000 000 000. */
export const UNIX_EPOCH_TICKS = 116_444_736_000_000_000n;
/** .NET `DateTime` ticks at the FILETIME epoch (1601-01-01): `DateTime.FromFileTimeUtc(0).Ticks`. */
export const DOTNET_TICKS_AT_FILETIME_EPOCH = 504_911_232_000_000_000n;
/** .NET `DateTime.MaxValue.Ticks` (9999-12-31T23:59:59.9999999). */
export const DOTNET_MAX_TICKS = 3_155_378_975_999_999_999n;
