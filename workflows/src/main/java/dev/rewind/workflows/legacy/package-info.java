/**
 * The rollback workflow as it was before plans named only catalog entries and strategies chained
 * (workflow type {@code Rollback}), frozen. It stays registered on the control worker so that
 * rollbacks started by the previous version replay and finish; new rollbacks are {@code
 * RollbackChain}. Delete this package once {@code temporal workflow list --query
 * 'WorkflowType="Rollback" AND ExecutionStatus="Running"'} is empty everywhere.
 */
package dev.rewind.workflows.legacy;
