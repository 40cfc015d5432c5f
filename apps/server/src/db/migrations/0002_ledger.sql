CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"type" text NOT NULL,
	"owner_id" text,
	"currency" text NOT NULL,
	"normal_side" text NOT NULL,
	"no_negative" boolean DEFAULT false NOT NULL,
	"debits_posted" bigint DEFAULT 0 NOT NULL,
	"credits_posted" bigint DEFAULT 0 NOT NULL,
	"debits_pending" bigint DEFAULT 0 NOT NULL,
	"credits_pending" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"kind" text NOT NULL,
	"currency" text NOT NULL,
	"memo" text,
	"reference_type" text,
	"reference_id" text,
	"reverses_entry_id" uuid,
	"content_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reference_type" text,
	"reference_id" text,
	"posted_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "ledger_holds_amount_positive" CHECK ("ledger_holds"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_transfers_amount_positive" CHECK ("ledger_transfers"."amount" > 0),
	CONSTRAINT "ledger_transfers_distinct_accounts" CHECK ("ledger_transfers"."debit_account_id" <> "ledger_transfers"."credit_account_id")
);
--> statement-breakpoint
CREATE TABLE "finance_fee_schedules" (
	"channel_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"rate_bps" integer NOT NULL,
	"fixed_fen" bigint DEFAULT 0 NOT NULL,
	"bearer" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finance_fee_rate_range" CHECK ("finance_fee_schedules"."rate_bps" BETWEEN 0 AND 10000),
	CONSTRAINT "finance_fee_fixed_nonneg" CHECK ("finance_fee_schedules"."fixed_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "finance_merchant_terms" (
	"merchant_id" uuid PRIMARY KEY NOT NULL,
	"settlement_days" integer DEFAULT 1 NOT NULL,
	"commission_bps" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finance_terms_days" CHECK ("finance_merchant_terms"."settlement_days" IN (0, 1, 3, 7)),
	CONSTRAINT "finance_terms_commission_range" CHECK ("finance_merchant_terms"."commission_bps" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
CREATE TABLE "finance_payout_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"holder_name" text NOT NULL,
	"account_number_enc" "bytea" NOT NULL,
	"account_masked" text NOT NULL,
	"bank_name" text,
	"label" text,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_settlement_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" text NOT NULL,
	"merchant_id" uuid NOT NULL,
	"channel_id" text NOT NULL,
	"gross_amount" bigint NOT NULL,
	"net_amount" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"held_reason" text,
	"paid_entry_id" uuid,
	"settled_entry_id" uuid,
	"paid_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finance_settlement_amount_nonneg" CHECK ("finance_settlement_items"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "finance_withdrawals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"payout_account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"fee" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"hold_id" uuid,
	"paid_entry_id" uuid,
	"reason" text,
	"payout_reference" text,
	"requested_by" uuid,
	"reviewed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "finance_withdrawals_amount_positive" CHECK ("finance_withdrawals"."amount" > 0 AND "finance_withdrawals"."fee" >= 0 AND "finance_withdrawals"."fee" < "finance_withdrawals"."amount")
);
--> statement-breakpoint
CREATE TABLE "reseller_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_holds" ADD CONSTRAINT "ledger_holds_debit_account_id_ledger_accounts_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_holds" ADD CONSTRAINT "ledger_holds_credit_account_id_ledger_accounts_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_holds" ADD CONSTRAINT "ledger_holds_posted_entry_id_ledger_entries_id_fk" FOREIGN KEY ("posted_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_debit_account_id_ledger_accounts_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_credit_account_id_ledger_accounts_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_merchant_terms" ADD CONSTRAINT "finance_merchant_terms_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_payout_accounts" ADD CONSTRAINT "finance_payout_accounts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_settlement_items" ADD CONSTRAINT "finance_settlement_items_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_withdrawals" ADD CONSTRAINT "finance_withdrawals_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_withdrawals" ADD CONSTRAINT "finance_withdrawals_payout_account_id_finance_payout_accounts_id_fk" FOREIGN KEY ("payout_account_id") REFERENCES "public"."finance_payout_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_withdrawals" ADD CONSTRAINT "finance_withdrawals_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_withdrawals" ADD CONSTRAINT "finance_withdrawals_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_accounts" ADD CONSTRAINT "reseller_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_code_key" ON "ledger_accounts" USING btree ("code");--> statement-breakpoint
CREATE INDEX "ledger_accounts_owner_idx" ON "ledger_accounts" USING btree ("owner_id","type");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_idempotency_key" ON "ledger_entries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_entries_reference_idx" ON "ledger_entries" USING btree ("reference_type","reference_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_holds_idempotency_key" ON "ledger_holds" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_holds_pending_idx" ON "ledger_holds" USING btree ("debit_account_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "ledger_transfers_entry_idx" ON "ledger_transfers" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_debit_idx" ON "ledger_transfers" USING btree ("debit_account_id","id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_credit_idx" ON "ledger_transfers" USING btree ("credit_account_id","id");--> statement-breakpoint
CREATE INDEX "finance_payout_accounts_merchant_idx" ON "finance_payout_accounts" USING btree ("merchant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "finance_settlement_items_order_key" ON "finance_settlement_items" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "finance_settlement_items_due_idx" ON "finance_settlement_items" USING btree ("due_on") WHERE status = 'scheduled';--> statement-breakpoint
CREATE INDEX "finance_settlement_items_merchant_idx" ON "finance_settlement_items" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "finance_withdrawals_merchant_idx" ON "finance_withdrawals" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "finance_withdrawals_status_idx" ON "finance_withdrawals" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reseller_accounts_user_key" ON "reseller_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "reseller_accounts_created_idx" ON "reseller_accounts" USING btree ("created_at");