/**
 * Deliveries: the log of what each hook received and what became of it, which also drops resent deliveries, and
 * the admin operations on it (list, sync now, redeliver).
 */
package io.gitbridge.delivery;
