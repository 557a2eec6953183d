import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CommonError } from '@lienthong/errors';
import { CONSOLE_CONFIG } from './console.constants';
import type { ConsoleConfig } from './console.config';

/**
 * The single-page application: its hashed assets are served statically (main.ts); every other
 * GET outside /api and /auth answers index.html, and the page's router takes it from there.
 */
@ApiExcludeController()
@Controller()
export class WebAppController {
  private readonly indexHtml: string | undefined;

  constructor(@Inject(CONSOLE_CONFIG) config: ConsoleConfig) {
    const index = join(config.webDir, 'index.html');
    this.indexHtml = existsSync(index) ? readFileSync(index, 'utf8') : undefined;
  }

  @Get('{*path}')
  page(@Req() request: Request, @Res() response: Response): void {
    if (/^\/(api|auth|assets)(\/|$)/.test(request.path) || this.indexHtml === undefined) {
      throw new CommonError('RESOURCE_NOT_FOUND', 'no such resource');
    }
    response.status(200).type('html').setHeader('Cache-Control', 'no-store').send(this.indexHtml);
  }
}
