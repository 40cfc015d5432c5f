CREATE TABLE "worker_heartbeats" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "duplicate_refund" text;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "duplicate_amount" integer;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "duplicate_refund_tries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "duplicate_refund_ref" text;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "duplicate_refund_error" text;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "duplicate_refund_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "payment_attempts_duplicate_idx" ON "payment_attempts" USING btree ("created_at") WHERE duplicate_refund IS NOT NULL;