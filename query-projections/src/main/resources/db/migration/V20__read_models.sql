-- Read models of the query-projections module (V20-V29 belong to it). Every table is rebuilt from events by a
-- replay; each row remembers the sequence number of the last event of its owning aggregate that it applied
-- (last_sequence), so an event delivered twice changes nothing. Timestamps are the events' own.

-- Processing group order-views -----------------------------------------------------------------------------
CREATE TABLE order_view (
    order_id          varchar(64)  NOT NULL,
    customer_id       varchar(255) NOT NULL,
    status            varchar(16)  NOT NULL,
    placed_at         timestamp(6) with time zone NOT NULL,
    last_sequence     bigint       NOT NULL, -- of the order aggregate
    CONSTRAINT order_view_pkey PRIMARY KEY (order_id)
);
-- A customer's orders, newest first, all or of one status.
CREATE INDEX order_view_customer_idx ON order_view (customer_id, placed_at DESC, order_id DESC);
CREATE INDEX order_view_customer_status_idx ON order_view (customer_id, status, placed_at DESC, order_id DESC);

CREATE TABLE order_line_view (
    order_id          varchar(64)  NOT NULL,
    line_number       integer      NOT NULL,
    sku               varchar(64)  NOT NULL,
    quantity          integer      NOT NULL,
    unit_price_minor  bigint,                -- price at reservation; null until reserved
    currency          char(3),
    price_sequence    bigint,                -- sequence of the inventory (SKU) event that priced the line
    CONSTRAINT order_line_view_pkey PRIMARY KEY (order_id, sku)
);

CREATE TABLE order_status_history (
    order_id          varchar(64)  NOT NULL,
    sequence_number   bigint       NOT NULL, -- of the order aggregate's event that changed the status
    status            varchar(16)  NOT NULL,
    changed_at        timestamp(6) with time zone NOT NULL,
    reason            text,
    CONSTRAINT order_status_history_pkey PRIMARY KEY (order_id, sequence_number)
);

-- Processing group product-catalogue -----------------------------------------------------------------------
CREATE TABLE product_view (
    sku               varchar(64)  NOT NULL,
    name              varchar(255) NOT NULL,
    unit_price_minor  bigint       NOT NULL,
    currency          char(3)      NOT NULL,
    on_hand           integer      NOT NULL,
    reserved          integer      NOT NULL,
    last_sequence     bigint       NOT NULL, -- of the inventory aggregate
    CONSTRAINT product_view_pkey PRIMARY KEY (sku)
);

-- Processing group payment-views ---------------------------------------------------------------------------
CREATE TABLE payment_view (
    payment_id        varchar(64)  NOT NULL,
    order_id          varchar(64)  NOT NULL,
    status            varchar(32)  NOT NULL,
    requested_minor   bigint       NOT NULL,
    currency          char(3)      NOT NULL,
    authorized_minor  bigint,
    decline_reason    text,
    refunded_minor    bigint       NOT NULL,
    last_sequence     bigint       NOT NULL, -- of the payment aggregate
    CONSTRAINT payment_view_pkey PRIMARY KEY (payment_id)
);
CREATE INDEX payment_view_order_idx ON payment_view (order_id);

CREATE TABLE payment_refund_view (
    payment_id        varchar(64)  NOT NULL,
    refund_id         varchar(255) NOT NULL,
    amount_minor      bigint       NOT NULL,
    currency          char(3)      NOT NULL,
    reason            text,
    refunded_at       timestamp(6) with time zone NOT NULL,
    sequence_number   bigint       NOT NULL, -- of the payment aggregate's PaymentRefunded
    CONSTRAINT payment_refund_view_pkey PRIMARY KEY (payment_id, refund_id)
);
