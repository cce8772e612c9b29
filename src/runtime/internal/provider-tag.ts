/**
 * Marks a generated client with its provider's id (`client.provider === "calcom"`), and every
 * client `withOptions` derives from it too, so a function given a client — `bookingClientFor(cal)`
 * — knows whose it is without being told. The generated factory applies it; the call path itself
 * (client.ts) stays provider-agnostic.
 */
export function withProvider<Client>(provider: string, client: Client): Client {
  const target = client as { withOptions: (options: unknown) => unknown };
  const derive = target.withOptions;
  return Object.assign(target, {
    provider,
    withOptions: (options: unknown) => withProvider(provider, derive(options)),
  }) as Client;
}
