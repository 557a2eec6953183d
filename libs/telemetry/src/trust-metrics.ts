import type { Gauge } from 'prom-client';
import { metrics } from './metrics';

/*
 * Gauges every holder of the trust material sets the same way: the adapters (the configuration
 * they hold, their signing certificate) and the trust service (the configuration it publishes,
 * its CA and configuration-signing certificates). One definition, so that one alert rule fits all.
 * They are registered on first use: a process that holds no configuration (the console) exports
 * none, rather than a 0 that would read as "expires now".
 */

let held: { age: Gauge; expiresIn: Gauge } | undefined;

function version(): Gauge {
  return metrics.gauge({
    name: 'lienthong_configuration_version',
    help: 'Version of the global configuration this process holds (an adapter) or last published (the trust service); 0 before the first',
  });
}

/** Sets the configuration gauges; `configuration` undefined while none was accepted yet. */
export function setConfiguration(
  configuration: { version: number; issuedAt: string; expiresAt: string } | undefined,
  now = Date.now(),
): void {
  if (configuration === undefined) {
    version().set(0);
    return;
  }
  held ??= {
    age: metrics.gauge({
      name: 'lienthong_configuration_age_seconds',
      help: 'Seconds since the global configuration this process holds or last published was issued by the trust service',
    }),
    expiresIn: metrics.gauge({
      name: 'lienthong_configuration_expires_in_seconds',
      help: 'Seconds until the global configuration this process holds or last published expires (negative once expired: an adapter then refuses to work)',
    }),
  };
  version().set(configuration.version);
  held.age.set((now - Date.parse(configuration.issuedAt)) / 1000);
  held.expiresIn.set((Date.parse(configuration.expiresAt) - now) / 1000);
}

const certificateExpiresIn = metrics.gauge<'certificate'>({
  name: 'lienthong_certificate_expires_in_seconds',
  help: 'Seconds until a certificate this process uses expires (signing: an adapter’s bus signing certificate; ca-root, ca-issuing, configuration: the trust service’s)',
  labelNames: ['certificate'],
});

/** Sets the time to expiry of one certificate. */
export function setCertificateExpiry(certificate: string, notAfter: Date, now = Date.now()): void {
  certificateExpiresIn.labels(certificate).set((notAfter.getTime() - now) / 1000);
}
