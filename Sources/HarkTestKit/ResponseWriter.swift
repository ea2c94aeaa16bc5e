/// Puts one ``Reply`` on the wire according to its ``Reply/Behaviour``.
struct ResponseWriter {
    let connection: ServerConnection
    /// When a misbehaving reply (drip, endless, hang) gives up, so no server thread runs unbounded.
    let deadline: ContinuousClock.Instant

    /// Sends `reply`; true when the connection stays open for another request.
    func respond(_ reply: Reply, to request: RecordedRequest) -> Bool {
        let keepAlive = Self.keepsAlive(request: request, reply: reply)
        var reply = reply
        if !keepAlive { reply.headers.set("Connection", "close") }
        let forbidsBody = Reply.hasNoBody(status: reply.status, method: "GET")
        let sendsBody = !Reply.hasNoBody(status: reply.status, method: request.method)
        let framedByHeaders = reply.headers.contains("Content-Length") || reply.headers.contains("Transfer-Encoding")
        let contentLength = forbidsBody || framedByHeaders ? nil : reply.body.count

        switch reply.behaviour {
        case .normal:
            let head = Self.head(of: reply, contentLength: contentLength)
            return connection.send(sendsBody ? head + reply.body : head, deadline: deadline) && keepAlive

        case .drip(let bytesPerInterval, let interval):
            guard connection.send(Self.head(of: reply, contentLength: contentLength), deadline: deadline) else {
                return false
            }
            guard sendsBody else { return keepAlive }
            let step = max(1, bytesPerInterval)
            var offset = 0
            while offset < reply.body.count {
                guard ContinuousClock.now < deadline, connection.pause(interval) else { return false }
                let end = min(offset + step, reply.body.count)
                guard connection.send(Array(reply.body[offset..<end]), deadline: deadline) else { return false }
                offset = end
            }
            return keepAlive

        case .endless(let chunk):
            reply.headers.remove("Content-Length")
            reply.headers.set("Transfer-Encoding", "chunked")
            guard connection.send(Self.head(of: reply, contentLength: nil), deadline: deadline) else { return false }
            let batch = Self.chunkBatch(chunk.isEmpty ? Array("\n".utf8) : chunk)
            while ContinuousClock.now < deadline, connection.send(batch, deadline: deadline) {}
            return false

        case .truncated(let afterBytes):
            reply.headers.set("Connection", "close")
            let head = Self.head(of: reply, contentLength: contentLength)
            connection.send(head + reply.body.prefix(max(0, afterBytes)), deadline: deadline)
            return false

        case .hang:
            var connection = connection
            connection.waitForHangUp(deadline: deadline)
            return false

        case .closeImmediately:
            return false

        case .raw(let bytes):
            connection.send(bytes, deadline: deadline)
            return false
        }
    }

    /// Whether the connection persists after this exchange: HTTP/1.1 unless either side says
    /// `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`.
    static func keepsAlive(request: RecordedRequest, reply: Reply) -> Bool {
        let requestOptions = request.header("Connection")?.lowercased() ?? ""
        let replyOptions = reply.headers["Connection"]?.lowercased() ?? ""
        if requestOptions.contains("close") || replyOptions.contains("close") { return false }
        return request.version == "HTTP/1.0" ? requestOptions.contains("keep-alive") : true
    }

    /// The status line and header fields, with `Content-Length` added when given.
    static func head(of reply: Reply, contentLength: Int?) -> [UInt8] {
        var text = "HTTP/1.1 \(reply.status) \(Reply.reasonPhrase(reply.status))\r\n"
        for field in reply.headers {
            text += "\(field.name): \(field.value)\r\n"
        }
        if let contentLength { text += "Content-Length: \(contentLength)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// `chunk` framed as HTTP chunks, repeated to about 16 kB so each send carries many.
    private static func chunkBatch(_ chunk: [UInt8]) -> [UInt8] {
        let framed = Array(String(chunk.count, radix: 16).utf8) + [13, 10] + chunk + [13, 10]
        var batch = framed
        while batch.count < 16 << 10 { batch += framed }
        return batch
    }
}
