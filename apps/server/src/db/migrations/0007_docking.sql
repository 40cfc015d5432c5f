CREATE TABLE "reseller_level_prices" (
	"level_id" uuid NOT NULL,
	"sku_id" uuid NOT NULL,
	"price" integer NOT NULL,
	CONSTRAINT "reseller_level_prices_level_id_sku_id_pk" PRIMARY KEY("level_id","sku_id")
);
--> statement-breakpoint
CREATE TABLE "reseller_levels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"discount_bps" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"credential_id" uuid,
	"reseller_id" uuid,
	"mode" text,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"status" integer NOT NULL,
	"error_code" text,
	"duration_ms" real NOT NULL,
	"ip" text,
	"request_id" text,
	"version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reseller_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"name" text NOT NULL,
	"app_key" text NOT NULL,
	"secret_enc" "bytea" NOT NULL,
	"prev_secret_enc" "bytea",
	"prev_secret_expires_at" timestamp with time zone,
	"scopes" text[] NOT NULL,
	"ip_allow_list" text[] DEFAULT '{}'::text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"rate_limit_per_minute" integer DEFAULT 600 NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "api_idempotency" (
	"credential_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" "bytea" NOT NULL,
	"status_code" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "api_idempotency_credential_id_key_pk" PRIMARY KEY("credential_id","key")
);
--> statement-breakpoint
CREATE TABLE "api_nonces" (
	"credential_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "api_nonces_credential_id_nonce_pk" PRIMARY KEY("credential_id","nonce")
);
--> statement-breakpoint
CREATE TABLE "api_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reseller_id" uuid NOT NULL,
	"credential_id" uuid,
	"mode" text NOT NULL,
	"kind" text DEFAULT 'balance' NOT NULL,
	"out_order_no" text NOT NULL,
	"order_id" uuid,
	"sku_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"total" integer NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"request_hash" "bytea" NOT NULL,
	"sandbox_status" text,
	"sandbox_delivery" "bytea",
	"callback_url" text,
	"return_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_rollout" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"next_version" text DEFAULT '1.1' NOT NULL,
	"percent" integer DEFAULT 0 NOT NULL,
	"allow_list" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_sandbox_balances" (
	"reseller_id" uuid PRIMARY KEY NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"request_headers" jsonb NOT NULL,
	"request_body" text NOT NULL,
	"response_status" integer,
	"response_body" text,
	"error" text,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"event_id" uuid NOT NULL,
	"endpoint_id" uuid,
	"url" text NOT NULL,
	"subject_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"retry" boolean DEFAULT true NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reseller_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" text[] NOT NULL,
	"secret_enc" "bytea" NOT NULL,
	"status" text DEFAULT 'enabled' NOT NULL,
	"disabled_reason" text,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reseller_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"type" text NOT NULL,
	"subject_key" text NOT NULL,
	"data" jsonb NOT NULL,
	"api_version" text DEFAULT '1.0' NOT NULL,
	"source_event_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "relayed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reseller_accounts" ADD COLUMN "api_status" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "reseller_accounts" ADD COLUMN "api_version" text;--> statement-breakpoint
ALTER TABLE "reseller_accounts" ADD COLUMN "level_id" uuid;--> statement-breakpoint
ALTER TABLE "reseller_level_prices" ADD CONSTRAINT "reseller_level_prices_level_id_reseller_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."reseller_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_credentials" ADD CONSTRAINT "api_credentials_reseller_id_reseller_accounts_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."reseller_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_sandbox_balances" ADD CONSTRAINT "api_sandbox_balances_reseller_id_reseller_accounts_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."reseller_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_calls_reseller_idx" ON "api_calls" USING btree ("reseller_id","created_at");--> statement-breakpoint
CREATE INDEX "api_calls_credential_idx" ON "api_calls" USING btree ("credential_id","created_at");--> statement-breakpoint
CREATE INDEX "api_calls_created_idx" ON "api_calls" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_credentials_app_key_key" ON "api_credentials" USING btree ("app_key");--> statement-breakpoint
CREATE INDEX "api_credentials_reseller_idx" ON "api_credentials" USING btree ("reseller_id","created_at");--> statement-breakpoint
CREATE INDEX "api_idempotency_expires_idx" ON "api_idempotency" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "api_nonces_expires_idx" ON "api_nonces" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_orders_out_no_key" ON "api_orders" USING btree ("reseller_id","mode","out_order_no");--> statement-breakpoint
CREATE UNIQUE INDEX "api_orders_order_key" ON "api_orders" USING btree ("order_id") WHERE order_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "api_orders_reseller_idx" ON "api_orders" USING btree ("reseller_id","mode","created_at");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_subject_idx" ON "webhook_deliveries" USING btree ("url","subject_key","seq") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_reseller_idx" ON "webhook_endpoints" USING btree ("reseller_id","mode");--> statement-breakpoint
CREATE INDEX "webhook_events_reseller_idx" ON "webhook_events" USING btree ("reseller_id","mode","created_at");--> statement-breakpoint
ALTER TABLE "reseller_accounts" ADD CONSTRAINT "reseller_accounts_level_id_reseller_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."reseller_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_unrelayed_idx" ON "events" USING btree ("id") WHERE relayed_at IS NULL;--> statement-breakpoint
-- Events written before docking existed have nobody to be relayed to.
UPDATE "events" SET "relayed_at" = "created_at" WHERE "relayed_at" IS NULL;
