/**
 * The DCE/RPC endpoint-mapper client: bind, ept_lookup walk, tower decoding, bounded against hostile mappers;
 * turns "randomly assigned high port" into the ports a host really hands out, and names the interfaces behind them.
 */
package org.portaudit.scanner.rpc;
