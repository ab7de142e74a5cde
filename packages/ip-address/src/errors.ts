import { MqsimError } from '@mqsim/filetime';

/**
 * Text (or bytes) that is not an IPv4 or IPv6 address, or not an `address:port` endpoint, in the
 * forms this package reads. The message names the input, where it was given, why it was refused
 * and what is valid; `value` holds the input and `allowed` the accepted forms.
 *
 * @example
 * ```ts
 * try {
 *   parseAddress('10.0.0.05');
 * } catch (error) {
 *   if (!IpAddressParseError.isInstance(error)) throw error;
 *   error.code; // => 'ERR_IP_ADDRESS_PARSE'
 *   error.value; // => '10.0.0.05'
 *   error.message; // => "'10.0.0.05' is not an IP address: octet 05 has a leading zero (ambiguous: octal or decimal)"
 * }
 * ```
 */
export class IpAddressParseError extends MqsimError {
  static override readonly code = 'ERR_IP_ADDRESS_PARSE';
}
