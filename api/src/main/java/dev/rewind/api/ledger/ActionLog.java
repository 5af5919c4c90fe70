package dev.rewind.api.ledger;

import dev.rewind.workflows.OperatorAction;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Approvals and actions of rollbacks: every one names the identity that did it. */
@Repository
public class ActionLog {
  private final JdbcClient jdbc;

  public ActionLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records an action and returns its id, which an operator's signal carries. */
  public long record(String rollbackId, String action, String identity, String detail) {
    return jdbc.sql(
            "INSERT INTO actions (rollback_id, action, identity, detail) VALUES (?, ?, ?, ?)"
                + " RETURNING id")
        .params(rollbackId, action, identity, detail)
        .query(Long.class)
        .single();
  }

  /**
   * The operator action {@code actionId} of this rollback (abort, retry, resolve), or empty: the id
   * of another rollback's action, of a request or an approval, or of none at all.
   */
  public Optional<OperatorAction> operatorAction(String rollbackId, long actionId) {
    return jdbc.sql(
            "SELECT id, action, identity, detail FROM actions WHERE id = ? AND rollback_id = ?"
                + " AND action IN (?, ?, ?)")
        .params(
            actionId,
            rollbackId,
            OperatorAction.ABORT,
            OperatorAction.RETRY,
            OperatorAction.RESOLVE)
        .query(
            (rs, n) ->
                new OperatorAction(
                    rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .optional();
  }

  public List<Action> actions(String rollbackId) {
    return jdbc.sql(
            "SELECT action, identity, detail, at FROM actions WHERE rollback_id = ? ORDER BY id")
        .param(rollbackId)
        .query(
            (rs, n) ->
                new Action(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant()))
        .list();
  }

  /** Records an approval; throws DuplicateKeyException when this kind is already approved. */
  public Approval approve(String rollbackId, String kind, String identity, String comment) {
    return jdbc.sql(
            "INSERT INTO approvals (rollback_id, kind, approved_by, comment) VALUES (?, ?, ?, ?)"
                + " RETURNING rollback_id, kind, approved_by, comment, approved_at")
        .params(rollbackId, kind, identity, comment)
        .query(ActionLog::approval)
        .single();
  }

  public List<Approval> approvals(String rollbackId) {
    return jdbc.sql(
            "SELECT rollback_id, kind, approved_by, comment, approved_at FROM approvals WHERE"
                + " rollback_id = ? ORDER BY id")
        .param(rollbackId)
        .query(ActionLog::approval)
        .list();
  }

  public Optional<Approval> approval(String rollbackId, String kind) {
    return approvals(rollbackId).stream().filter(a -> a.kind().equals(kind)).findFirst();
  }

  private static Approval approval(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Approval(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getTimestamp(5).toInstant());
  }
}
