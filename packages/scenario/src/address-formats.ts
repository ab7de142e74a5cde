import { addressFamily } from '@mqsim/ip-address';

/**
 * The schema's `ipv4` and `ipv6` formats, as Ajv format definitions: the one address parser every
 * package uses (@mqsim/ip-address), so the schema accepts exactly what the network and DNS will.
 * The precompiled validator (`generated/scenario-validator.js`) imports them by this name.
 */
export const ADDRESS_FORMATS = {
  ipv4: { type: 'string', validate: (text: string) => addressFamily(text) === 'ipv4' },
  ipv6: { type: 'string', validate: (text: string) => addressFamily(text) === 'ipv6' },
} as const;
