/** The limits a scenario must stay within; absurd sizes are refused before anything runs. */
export const SCENARIO_LIMITS = Object.freeze({
  /** The longest run: a bit more than a year, enough for yearly refresh schedules. */
  maxDuration: '366d',
  maxHosts: 2000,
  maxNetworks: 100,
  maxRouters: 100,
  maxNats: 100,
  maxInterfacesPerHost: 8,
  maxAddressesPerInterface: 16,
  maxZones: 100,
  maxRecords: 10_000,
  maxQueuesPerHost: 100,
  maxRegistryValuesPerHost: 200,
  maxWorkload: 1000,
  maxConsumers: 1000,
  maxTimeline: 10_000,
  maxExpectations: 1000,
  /** Messages a whole run may send, estimated from the workload before it runs. */
  maxMessages: 10_000_000,
  /** The shortest interval between two sends of one workload item. */
  minSendInterval: '1ms',
  /** MSMQ's own message size limit (MaxMessageSize default, 4 MB). */
  maxMessageSize: 4 * 1024 * 1024,
  /** The largest quota: 1 TB. */
  maxQuota: 1024 ** 4,
  /** The largest scenario file, in characters. */
  maxFileLength: 5 * 1024 * 1024,
  maxNameLength: 64,
  maxTextLength: 100_000,
});
