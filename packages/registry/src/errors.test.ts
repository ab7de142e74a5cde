import { MqsimError } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import {
  RegFileParseError,
  RegistryKeyNotFoundError,
  RegistryListenerError,
  RegistryPathError,
  RegistryValueError,
  RegistryValueNameError,
} from './index.js';

describe('registry errors', () => {
  it.each([
    [RegFileParseError, 'ERR_REG_PARSE'],
    [RegistryPathError, 'ERR_REG_PATH'],
    [RegistryKeyNotFoundError, 'ERR_REG_KEY_NOT_FOUND'],
    [RegistryValueError, 'ERR_REG_VALUE'],
    [RegistryValueNameError, 'ERR_REG_VALUE_NAME'],
    [RegistryListenerError, 'ERR_REG_LISTENER'],
  ] as const)('%o has a stable code and is an MqsimError', (ErrorClass, code) => {
    const error = new ErrorClass('message', { value: 'x', allowed: 'y' });
    expect(ErrorClass.code).toBe(code);
    expect(error).toMatchObject({ code, value: 'x', allowed: 'y', name: ErrorClass.name });
    expect(error).toBeInstanceOf(MqsimError);
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(MqsimError.isInstance(error)).toBe(true);
  });

  it('tells the classes apart by code', () => {
    expect(RegistryPathError.isInstance(new RegistryValueError('m'))).toBe(false);
    expect(RegFileParseError.isInstance(new Error('m'))).toBe(false);
  });

  it('carries the key and value name of a RegistryValueError', () => {
    const error = new RegistryValueError('m', { key: 'HKEY_CURRENT_USER\\A', valueName: 'v' });
    expect(error).toMatchObject({ key: 'HKEY_CURRENT_USER\\A', valueName: 'v' });
  });
});
