import { describe, expect, it } from 'vitest';
import { SECRET_MARKER, storedBody } from '../../activities/adapters/gateway';
import { redactTokens } from '../../api/redact';
import { signLink } from '../../lib/signed-links';

const token = signLink({ scope: 'track', sub: 'A1001', exp: 1_900_000_000 }, [{ id: 'k1', secret: 'a-secret' }]);

describe('request targets as logged', () => {
  it.each([
    [`http://localhost/track/${token}`, '/track/[token]'],
    [`http://localhost/track/anything-at-all?x=1`, '/track/[token]?x=1'],
    [`http://localhost/feedback/${token}`, '/feedback/[token]'],
    [`http://localhost/v1/feedback/${token}/comments`, '/v1/feedback/[token]/comments'],
    [`http://localhost/shipments/s-1/customs?token=${token}&lang=de`, '/shipments/s-1/customs?token=[token]&lang=de'],
    [`http://localhost/v1/shipments/s-1/customs-actions?TOKEN=${encodeURIComponent(token)}`, '/v1/shipments/s-1/customs-actions?TOKEN=[token]'],
    [`http://localhost/v1/anything/${token}`, '/v1/anything/[token]'],
    ['http://localhost/v1/orders/A1001?limit=5', '/v1/orders/A1001?limit=5'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactTokens(url)).toBe(logged);
  });
});

describe('stored partner request bodies', () => {
  it('replace every occurrence of each secret and leave the rest as it was', () => {
    const body = { to: 'ada@example.com', body: `Track it: https://shop.example/track/${token} (or ${token})`, nested: { link: token } };
    const stored = storedBody(body, [token]);
    expect(stored).toEqual({ to: 'ada@example.com', body: `Track it: https://shop.example/track/${SECRET_MARKER} (or ${SECRET_MARKER})`, nested: { link: SECRET_MARKER } });
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[2]);
    expect(storedBody(body)).toBe(body);
  });
});
