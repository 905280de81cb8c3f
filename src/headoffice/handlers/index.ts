/**
 * Head office's handler of every document kind (src/shared/documents/registry.ts): the type makes a new kind
 * fail to compile until it has one. handler.ts says what a handler does.
 */
import { auditRecorded } from '../../shared/documents/audit.ts';
import { customerCreated } from '../../shared/documents/customer.ts';
import type { DocumentType } from '../../shared/documents/registry.ts';
import { returnCompleted } from '../../shared/documents/return.ts';
import { saleCompleted } from '../../shared/documents/sale.ts';
import { shiftClosed } from '../../shared/documents/shift.ts';
import { saleVoided } from '../../shared/documents/void.ts';
import { auditHandler } from './audit.ts';
import { customerHandler } from './customer.ts';
import type { DocumentHandler } from './handler.ts';
import { returnHandler } from './return.ts';
import { saleHandler } from './sale.ts';
import { shiftHandler } from './shift.ts';
import { voidHandler } from './void.ts';

export const handlers: { [T in DocumentType]: DocumentHandler<T> } = {
  [customerCreated.type]: customerHandler,
  [saleCompleted.type]: saleHandler,
  [returnCompleted.type]: returnHandler,
  [saleVoided.type]: voidHandler,
  [shiftClosed.type]: shiftHandler,
  [auditRecorded.type]: auditHandler,
};
