/*
 * Starts Amazon's DynamoDB Local listening on 127.0.0.1 only. The jar's own main class has no host option: its
 * Jetty server binds every interface, so anyone on the network could read and write the local table with any
 * credentials. This builds the server from the same command-line arguments (-port, -dbPath, -sharedDb, …), sets
 * the host of its connectors to the loopback address, and starts it. Run by infra/local/dynamodb.ts in Java's
 * source-file mode (`java -cp DynamoDBLocal.jar DynamoDbLoopback.java -port …`), so nothing is compiled ahead.
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class DynamoDbLoopback {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server server = null;
    // The Jetty server is a private field; found by its type, so a renamed field does not break this.
    for (Field field : DynamoDBProxyServer.class.getDeclaredFields()) {
      if (Server.class.isAssignableFrom(field.getType())) {
        field.setAccessible(true);
        server = (Server) field.get(proxy);
      }
    }
    if (server == null || server.getConnectors().length == 0) {
      throw new IllegalStateException("DynamoDB Local has no Jetty server to bind to 127.0.0.1");
    }
    for (Connector connector : server.getConnectors()) {
      if (!(connector instanceof AbstractNetworkConnector)) {
        throw new IllegalStateException("unexpected DynamoDB Local connector " + connector.getClass());
      }
      ((AbstractNetworkConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    System.out.println("DynamoDB Local listens on 127.0.0.1 only");
  }
}
