#!/usr/bin/python3
"""Listeners with known greetings on unexpected ports of pa-web, for identification (issue 12).

    greeters.py ADDRESS

    2121  FTP      "220 portaudit lab FTP ready"           identified as ftp
    2222  SSH      "SSH-2.0-OpenSSH_9.2p1 Debian-2"        identified as ssh
    3389  'hello'  not RDP: the port dictionary says Terminal Services, the evidence does not
    5910  VNC      "RFB 003.008"                           identified as vnc
    6379  Redis    answers PING with +PONG, says nothing first
    1025  silent   accepts and says nothing                 unidentified, "silent"

Each connection is served on a thread of its own and closed when the client closes or after 10 s.
"""
import socket
import socketserver
import sys
import threading

GREETINGS = {
    2121: b"220 portaudit lab FTP ready\r\n",
    2222: b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
    3389: b"hello\r\n",
    5910: b"RFB 003.008\n",
    6379: None,   # speaks only when spoken to
    1025: None,
}


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        port = self.server.server_address[1]
        s = self.request
        s.settimeout(10)
        try:
            if GREETINGS[port]:
                s.sendall(GREETINGS[port])
            while True:
                data = s.recv(4096)
                if not data:
                    return
                if port == 6379 and b"PING" in data.upper():
                    s.sendall(b"+PONG\r\n")
        except OSError:
            return


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    address = sys.argv[1]
    servers = [Server((address, port), Handler) for port in GREETINGS]
    for srv in servers[1:]:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
