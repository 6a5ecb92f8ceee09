// Receive Propper webhooks in NestJS (Express adapter) with signhook (TypeScript, checked with
// tsc --strict; Nest's decorators need "experimentalDecorators" and "emitDecoratorMetadata").
//
//   PROPPER_WEBHOOK_SECRET=whsec_... node dist/nest.mjs   (after tsc)
import 'reflect-metadata';
import { Catch, Controller, HttpCode, Logger, Module, Post, Req, UseFilters } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter, RawBodyRequest } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { Webhook, WebhookVerificationError } from 'signhook';

// Build it once. A missing secret type-checks and fails here, at start-up, with INVALID_CONFIG.
const webhook = new Webhook({ provider: 'propper', secret: process.env.PROPPER_WEBHOOK_SECRET });

// Answers signhook's failures like its middlewares do: 401, 400 or 413 with { error, message }.
@Catch(WebhookVerificationError)
class WebhookErrorFilter implements ExceptionFilter {
  catch(err: WebhookVerificationError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.status(err.status).json({ error: err.code, message: err.message });
  }
}

@Controller('webhooks')
@UseFilters(WebhookErrorFilter)
class WebhooksController {
  private readonly logger = new Logger('webhooks');

  @Post('propper')
  @HttpCode(204)
  receive(@Req() req: RawBodyRequest<Request>): void {
    // req.rawBody holds the bytes Propper signed, kept by `rawBody: true` below; req.body is
    // Nest's parsed copy, which cannot be verified.
    const event = webhook.verify(req.rawBody, req.headers);
    this.logger.log(`${event.kind} for document ${event.document?.id ?? '?'} (id ${event.id})`);
  }
}

@Module({ controllers: [WebhooksController] })
class AppModule {}

const app = await NestFactory.create<NestExpressApplication>(AppModule, { rawBody: true });
// Nest's JSON parser reads the body; give it signhook's limit (1 MiB unless you set maxBodyBytes).
app.useBodyParser('json', { limit: webhook.maxBodyBytes });
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
console.log(`listening ${new URL(await app.getUrl()).port}`);
