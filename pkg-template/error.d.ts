import type { QuotakitErrorFields, ErrorKind, Issue } from "./types.js";

/** Every error quotakit throws. `kind` says whose fault it is; `retryable` whether to resend. */
export declare class QuotakitError extends Error implements QuotakitErrorFields {
    readonly name: "QuotakitError";
    readonly kind: ErrorKind;
    readonly vendor?: QuotakitErrorFields["vendor"];
    readonly operation?: string;
    readonly action?: string;
    readonly code?: string;
    readonly requestId?: string;
    readonly httpStatus?: number;
    readonly retryable: boolean;
    readonly path?: string;
    readonly issues: Issue[];
    readonly excerpt?: string;
    /** How many attempts `call()` made (set on errors `call()` and `paginate()` throw). */
    readonly attempts?: number;
}
