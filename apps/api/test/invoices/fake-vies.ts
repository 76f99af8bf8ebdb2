import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The VIES test service's numbers (any country): 100 valid, 200 invalid, the rest errors. */
const TEST_SERVICE_ERRORS: Readonly<Record<string, string>> = {
  '201': 'INVALID_INPUT',
  '202': 'INVALID_REQUESTER_INFO',
  '300': 'SERVICE_UNAVAILABLE',
  '301': 'MS_UNAVAILABLE',
  '302': 'TIMEOUT',
  '400': 'VAT_BLOCKED',
  '401': 'IP_BLOCKED',
  '500': 'GLOBAL_MAX_CONCURRENT_REQ',
  '501': 'GLOBAL_MAX_CONCURRENT_REQ_TIME',
  '600': 'MS_MAX_CONCURRENT_REQ',
  '601': 'MS_MAX_CONCURRENT_REQ_TIME',
};

interface Registered {
  readonly valid: boolean;
  readonly name: string;
  readonly address: string;
}

/**
 * A local stand-in for the VIES REST API (`POST /check-vat-number`), answering like the
 * Commission's test service: number 100 is valid, 200 invalid, 201..601 the documented errors
 * (as `errorWrappers`, the REST API's error shape), anything else SERVICE_UNAVAILABLE, unless a
 * test registered it. A consultation number is returned when the request names a requester.
 */
export class FakeVies {
  /** Every request body received, in order. */
  readonly requests: Record<string, unknown>[] = [];
  private readonly registry = new Map<string, Registered>();
  private readonly server: Server;
  private consultations = 0;
  private port = 0;

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
          string,
          unknown
        >;
        this.requests.push(body);
        const [status, answer] =
          request.method === 'POST' && request.url === '/check-vat-number'
            ? this.answer(body)
            : [404, { error: 'not found' }];
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer));
      });
    });
  }

  /** Makes `country` + `number` answer as given (a real-looking number for billing settings). */
  register(country: string, number: string, valid: boolean, name = 'ACME SARL'): void {
    this.registry.set(`${country}${number}`, {
      valid,
      name,
      address: '1 RUE DE TEST\n75001 PARIS',
    });
  }

  private answer(body: Record<string, unknown>): [number, unknown] {
    const country = String(body['countryCode'] ?? '');
    const number = String(body['vatNumber'] ?? '');
    const registered =
      this.registry.get(`${country}${number}`) ??
      (number === '100'
        ? { valid: true, name: 'TEST COMPANY', address: 'TEST ADDRESS' }
        : number === '200'
          ? { valid: false, name: '---', address: '---' }
          : undefined);
    if (registered === undefined) {
      const error = TEST_SERVICE_ERRORS[number] ?? 'SERVICE_UNAVAILABLE';
      return [
        error === 'INVALID_INPUT' ? 400 : 500,
        { actionSucceed: false, errorWrappers: [{ error, message: error }] },
      ];
    }
    const requester = typeof body['requesterNumber'] === 'string';
    this.consultations += 1;
    return [
      200,
      {
        countryCode: country,
        vatNumber: number,
        requestDate: new Date().toISOString(),
        valid: registered.valid,
        requestIdentifier: requester
          ? `WAPIAAAAW${String(this.consultations).padStart(6, '0')}`
          : '',
        name: registered.valid ? registered.name : '---',
        address: registered.valid ? registered.address : '---',
      },
    ];
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The `DC_VIES_URL` of this fake. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
