package dev.rewind.activities.host;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HostTarget;
import java.time.Duration;
import java.util.List;
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

  private final String where;
  private final Session session;
  private final Duration connectTimeout;

  SshShell(HostTarget host, Duration connectTimeout) {
    String address = host.address();
    int colon = address.lastIndexOf(':');
    boolean hasPort = colon > 0 && !address.endsWith("]");
    String hostname = hasPort ? address.substring(0, colon) : address;
    int port = hasPort ? Integer.parseInt(address.substring(colon + 1)) : 22;
    hostname = hostname.startsWith("[") ? hostname.substring(1, hostname.length() - 1) : hostname;
    this.where = "ssh " + host.user() + "@" + address + " (host " + host.name() + ")";
    this.connectTimeout = connectTimeout;
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
      throw HostFailures.permanent(
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
  public CommandResult run(List<String> argv, String workDir, Duration timeout) {
    OutputTail out = new OutputTail(TAIL);
    OutputTail err = new OutputTail(TAIL);
    ChannelExec channel = null;
    try {
      channel = (ChannelExec) session.openChannel("exec");
      channel.setCommand(ShellQuoting.commandLine(argv, workDir));
      channel.setInputStream(null);
      channel.setOutputStream(out, true);
      channel.setErrStream(err, true);
      channel.connect((int) connectTimeout.toMillis());
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!channel.isClosed()) {
        if (System.nanoTime() > deadline) {
          throw HostFailures.timedOut(where, argv.get(0), timeout.toSeconds());
        }
        Thread.sleep(POLL_MILLIS);
      }
      return new CommandResult(
          argv, channel.getExitStatus(), out.toString(), err.toString(), where);
    } catch (JSchException e) {
      throw HostFailures.unreachable(where, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HostFailures.unreachable(where, e);
    } finally {
      if (channel != null) {
        channel.disconnect();
      }
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
