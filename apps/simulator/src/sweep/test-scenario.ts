// Test support (not shipped): the small scenario the sweep, fixes and effects tests build on.

/**
 * A two-host scenario text: APP01 (10.0.0.1, queue `private$\orders`) and APP02 (10.0.0.2) on one
 * LAN with a little jitter, and a DNS record for APP01; `tail` adds the workload, consumers,
 * timeline and expectations.
 */
export function twoHostScenario(name: string, duration: string, tail: string): string {
  return `name: ${name}
start: 2026-11-23T08:00:00Z
duration: ${duration}
networks:
  - { name: lan, latency: 1ms, jitter: 500us }
dns:
  zones: [{ name: corp.example }]
  records:
    - { name: app01.corp.example, type: A, value: 10.0.0.1 }
hosts:
  - name: APP01
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }]
    queues: [{ name: 'private$\\orders' }]
  - name: APP02
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.2] }]
${tail}`;
}
