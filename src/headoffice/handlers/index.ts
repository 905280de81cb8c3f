/**
 * Head office's handler of every document kind (src/shared/documents/registry.ts): the type makes a new kind
 * fail to compile until it has one. handler.ts says what a handler does.
 */
import { adjustmentCompleted } from '../../shared/documents/adjustment.ts';
import { auditRecorded } from '../../shared/documents/audit.ts';
import { countSubmitted } from '../../shared/documents/count.ts';
import { receiptCompleted } from '../../shared/documents/goods-receipt.ts';
import { purchaseOrderDrafted } from '../../shared/documents/purchase-order.ts';
import { customerCreated } from '../../shared/documents/customer.ts';
import type { DocumentType } from '../../shared/documents/registry.ts';
import { returnCompleted } from '../../shared/documents/return.ts';
import { saleCompleted } from '../../shared/documents/sale.ts';
import { shiftClosed } from '../../shared/documents/shift.ts';
import { transferReceived, transferRequested, transferSent } from '../../shared/documents/transfer.ts';
import { saleVoided } from '../../shared/documents/void.ts';
import { adjustmentHandler } from './adjustment.ts';
import { auditHandler } from './audit.ts';
import { countHandler } from './count.ts';
import { goodsReceiptHandler } from './goods-receipt.ts';
import { purchaseOrderDraftHandler } from './purchase-order.ts';
import { customerHandler } from './customer.ts';
import type { DocumentHandler } from './handler.ts';
import { returnHandler } from './return.ts';
import { saleHandler } from './sale.ts';
import { shiftHandler } from './shift.ts';
import { transferReceiveHandler, transferRequestHandler, transferSendHandler } from './transfer.ts';
import { voidHandler } from './void.ts';

export const handlers: { [T in DocumentType]: DocumentHandler<T> } = {
  [customerCreated.type]: customerHandler,
  [saleCompleted.type]: saleHandler,
  [returnCompleted.type]: returnHandler,
  [saleVoided.type]: voidHandler,
  [shiftClosed.type]: shiftHandler,
  [auditRecorded.type]: auditHandler,
  [countSubmitted.type]: countHandler,
  [adjustmentCompleted.type]: adjustmentHandler,
  [purchaseOrderDrafted.type]: purchaseOrderDraftHandler,
  [receiptCompleted.type]: goodsReceiptHandler,
  [transferRequested.type]: transferRequestHandler,
  [transferSent.type]: transferSendHandler,
  [transferReceived.type]: transferReceiveHandler,
};
