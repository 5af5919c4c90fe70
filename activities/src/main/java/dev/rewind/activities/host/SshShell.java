package dev.rewind.activities.host;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.HostTarget;
import dev.rewind.workflows.FailureTypes;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs argv on a host over one SSH connection, opened once per activity execution: key
 * authentication only, strict host-key checking against the catalog's known_hosts, a connect
 * timeout, and a timeout per command. Arguments are single-quoted by {@link ShellQuoting}.
 */
final class SshShell implements HostShell {
  private static final Logger log = LoggerFactory.getLogger(SshShell.class);
  private static final int TAIL = 4096;
  private static final long POLL_MILLIS = 10;
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final String where;
  private final Session session;
  private final Duration connectTimeout;
  private final Redaction redaction;

  SshShell(HostTarget host, Duration connectTimeout, Redaction redaction) {
    String address = host.address();
    int colon = address.lastIndexOf(':');
    boolean hasPort = colon > 0 && !address.endsWith("]");
    String hostname = hasPort ? address.substring(0, colon) : address;
    int port = hasPort ? Integer.parseInt(address.substring(colon + 1)) : 22;
    hostname = hostname.startsWith("[") ? hostname.substring(1, hostname.length() - 1) : hostname;
    this.where = "ssh " + host.user() + "@" + address + " (host " + host.name() + ")";
    this.connectTimeout = connectTimeout;
    this.redaction = redaction;
    try {
      JSch jsch = new JSch();
      jsch.setKnownHosts(host.knownHostsFile());
      jsch.addIdentity(host.privateKeyFile());
      session = jsch.getSession(host.user(), hostname, port);
      session.setConfig("StrictHostKeyChecking", "yes");
      session.setConfig("PreferredAuthentications", "publickey");
      session.setServerAliveInterval(10_000);
      session.setServerAliveCountMax(3);
    } catch (JSchException e) {
      // The key file is missing or unreadable: every retry would fail the same way.
      throw Failures.permanent(
          FailureTypes.AUTH_FAILED,
          where + ": cannot use private key " + host.privateKeyFile() + ": " + e.getMessage(),
          e);
    }
    try {
      session.connect((int) connectTimeout.toMillis());
    } catch (JSchException e) {
      throw HostFailures.sshConnect(where, e);
    }
    log.info("connected: {}", where);
  }

  @Override
  public CommandResult run(
      List<String> argv, Map<String, String> env, String workDir, Duration timeout) {
    OutputTail out = new OutputTail(TAIL);
    OutputTail err = new OutputTail(TAIL);
    GroupIdLine stdout = new GroupIdLine(out);
    ChannelExec channel = null;
    try {
      channel = (ChannelExec) session.openChannel("exec");
      List<String> names = List.copyOf(env.keySet());
      channel.setCommand(ShellQuoting.commandLine(argv, names, workDir));
      // The values travel on the command's stdin, one line each, never on its command line.
      channel.setInputStream(new ByteArrayInputStream(ShellQuoting.valueLines(names, env)), false);
      channel.setOutputStream(stdout, true);
      channel.setErrStream(err, true);
      channel.connect((int) connectTimeout.toMillis());
      ChannelExec running = channel;
      CommandWatch.await(
          new CommandWatch.Running() {
            @Override
            public boolean ended(Duration wait) throws InterruptedException {
              if (!running.isClosed()) {
                Thread.sleep(wait.toMillis());
              }
              return running.isClosed();
            }

            @Override
            public void killGroup() {
              kill(running, stdout.group());
            }
          },
          timeout,
          where,
          argv);
      return new CommandResult(
          argv,
          channel.getExitStatus(),
          redaction.apply(out.toString()),
          redaction.apply(err.toString()),
          where);
    } catch (JSchException e) {
      throw HostFailures.unreachable(where, e);
    } finally {
      if (channel != null) {
        channel.disconnect();
      }
    }
  }

  /**
   * Closing the channel is not enough: sshd only closes the command's pipes and its children run
   * on. The command's process group is killed through a second channel of the same connection.
   */
  private void kill(ChannelExec channel, long group) {
    try {
      if (group <= 0) {
        channel.sendSignal("KILL"); // before the group line arrived: the best sshd offers
        return;
      }
      ChannelExec kill = (ChannelExec) session.openChannel("exec");
      kill.setCommand(ShellQuoting.killGroup(group));
      kill.setInputStream(null);
      kill.connect((int) connectTimeout.toMillis());
      long until = System.nanoTime() + KILL_WAIT.toNanos();
      while (!kill.isClosed() && System.nanoTime() < until) {
        Thread.sleep(POLL_MILLIS);
      }
      kill.disconnect();
    } catch (Exception e) {
      log.warn("{}: could not kill process group {}: {}", where, group, e.toString());
    }
  }

  @Override
  public String where() {
    return where;
  }

  @Override
  public void close() {
    session.disconnect();
  }
}
