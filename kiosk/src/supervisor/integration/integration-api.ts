import type { ApiToken, TokenCreate, TokenCreated, Webhook, WebhookCreate, WebhookDelivery, WebhookPatch } from '../../../../shared/schemas/integration-access.js';
import { Api } from '../../common/api.js';

const enc = encodeURIComponent;

/** The Intégration tab's calls: API tokens and webhooks (server/routes/tokens, server/routes/webhooks). */
export class IntegrationApi extends Api {
  tokens(): Promise<ApiToken[]> {
    return this.request('GET', '/api/tokens');
  }
  createToken(body: TokenCreate): Promise<TokenCreated> {
    return this.request('POST', '/api/tokens', body);
  }
  revokeToken(id: string): Promise<null> {
    return this.request('DELETE', `/api/tokens/${enc(id)}`);
  }
  webhooks(): Promise<Webhook[]> {
    return this.request('GET', '/api/webhooks');
  }
  createWebhook(body: WebhookCreate): Promise<{ webhook: Webhook; secret: string }> {
    return this.request('POST', '/api/webhooks', body);
  }
  updateWebhook(id: string, body: WebhookPatch): Promise<Webhook> {
    return this.request('PATCH', `/api/webhooks/${enc(id)}`, body);
  }
  removeWebhook(id: string): Promise<null> {
    return this.request('DELETE', `/api/webhooks/${enc(id)}`);
  }
  deliveries(id: string): Promise<WebhookDelivery[]> {
    return this.request('GET', `/api/webhooks/${enc(id)}/deliveries`);
  }
  redeliver(id: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.request('POST', `/api/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/redeliver`);
  }
}

let current: IntegrationApi | null = null;
export const integrationApi = (): IntegrationApi => (current ??= new IntegrationApi());
