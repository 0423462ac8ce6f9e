-- Orders whose payment keeps being refused for a reason no retry can fix (Payments answers 4xx, or
-- settling them throws) leave the settlement queue as PaymentFailed: a dead letter a person looks at
-- (docs/runbooks/settlement-dead-letter.md). payment_rejections counts those refusals.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('PendingPayment', 'Paid', 'Declined', 'PaymentFailed'));
ALTER TABLE orders ADD COLUMN payment_rejections integer NOT NULL DEFAULT 0;
