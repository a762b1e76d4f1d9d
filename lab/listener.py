#!/usr/bin/python3
"""A stray TCP listener for the lab: accepts, optionally says something, closes.

    listener.py PORT [BANNER]      BANNER: 'telnet' (IAC negotiation + login prompt) or nothing

Listens on every address of the namespace it runs in (IPv4 and IPv6), single-threaded, never
blocks on a client. Used for 'telnet on a DC' (pa-dc:23) and the one live port of pa-bulk-rst (445).
"""
import selectors
import socket
import sys

TELNET = b"\xff\xfd\x18\xff\xfd\x20\xff\xfd\x23\xff\xfd\x27" + b"\r\nDC01 login: "

def main():
    port = int(sys.argv[1])
    banner = TELNET if len(sys.argv) > 2 and sys.argv[2] == "telnet" else b""
    sel = selectors.DefaultSelector()
    for fam, addr in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((addr, port))
        s.listen(1024)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            try:
                conn, _ = key.fileobj.accept()
            except OSError:
                continue
            try:
                conn.setblocking(False)
                if banner:
                    conn.send(banner)
            except OSError:
                pass
            finally:
                conn.close()

if __name__ == "__main__":
    main()
