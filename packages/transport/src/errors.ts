import { MqsimError } from '@mqsim/filetime';

/**
 * Text that is not an IPv4 or IPv6 address (or `address:port` endpoint) in the forms the
 * transport reads. The message names the input, where it was given, and what is valid.
 *
 * @example
 * ```ts
 * try {
 *   parseAddress('10.0.0.256');
 * } catch (error) {
 *   if (!AddressParseError.isInstance(error)) throw error;
 *   error.code; // => 'ERR_ADDRESS_PARSE'
 *   error.value; // => '10.0.0.256'
 * }
 * ```
 */
export class AddressParseError extends MqsimError {
  static override readonly code = 'ERR_ADDRESS_PARSE';
}

/**
 * A network description the transport cannot build: an unknown or reused name, a duplicate
 * address, a NAT mapping to nothing, a link setting out of range. The message names the item.
 *
 * @example
 * ```ts
 * const network = new Network({ clock: new VirtualClock({ epoch: fromTicks(0n) }), seed: 1 });
 * network.addSegment('lan');
 * try {
 *   network.addSegment('lan');
 * } catch (error) {
 *   if (!NetworkConfigError.isInstance(error)) throw error;
 *   error.code; // => 'ERR_NET_CONFIG'
 *   error.message; // => "segment 'lan': the name is already used by segment 'lan'"
 * }
 * ```
 */
export class NetworkConfigError extends MqsimError {
  static override readonly code = 'ERR_NET_CONFIG';
}

/**
 * `listen` on an address and port another listener on the same host already holds
 * (Windows: `WSAEADDRINUSE`).
 *
 * @example
 * ```ts
 * AddressInUseError.code; // => 'ERR_ADDRESS_IN_USE'
 * ```
 */
export class AddressInUseError extends MqsimError {
  static override readonly code = 'ERR_ADDRESS_IN_USE';
}

/**
 * `listen` or `connect` from a specific address the host does not have (Windows:
 * `WSAEADDRNOTAVAIL`) — what a service gets when it binds to an address learned before a
 * renumbering.
 *
 * @example
 * ```ts
 * AddressNotAvailableError.code; // => 'ERR_ADDRESS_NOT_AVAILABLE'
 * ```
 */
export class AddressNotAvailableError extends MqsimError {
  static override readonly code = 'ERR_ADDRESS_NOT_AVAILABLE';
}

/**
 * `send` on a session that is not established (still connecting, closing or closed).
 * Wait for `onConnect`/`onAccept`, and stop sending after `onClose`/`onReset`.
 *
 * @example
 * ```ts
 * SessionStateError.code; // => 'ERR_TCP_STATE'
 * ```
 */
export class SessionStateError extends MqsimError {
  static override readonly code = 'ERR_TCP_STATE';
}
