// BoringSSL as swift-crypto builds and links it. Its AEAD and HMAC are
// called directly because swift-crypto's Swift interface allocates and sets
// up a key context for every value: about 1.2 µs an opening against 0.3 µs,
// which a load or `duplicates` pays millions of times. The primitives are
// the same ones `ChaChaPoly` and `HMAC<SHA256>` use; nothing here is
// hand-written cryptography.
import CCryptoBoringSSL

/// ChaCha20-Poly1305 and HMAC-SHA-256 contexts keyed once, used for every
/// value. Opening may run on several threads at once (BoringSSL reads the
/// AEAD context only); sealing uses a fresh HMAC context copied from the
/// keyed one.
final class ValueCipher: @unchecked Sendable {
    static let nonceCount = 12
    static let tagCount = 16

    private let aead: UnsafeMutablePointer<EVP_AEAD_CTX>
    private let keyedMAC: UnsafeMutablePointer<HMAC_CTX>

    init(valueKey: [UInt8], nonceKey: [UInt8]) {
        let aead = UnsafeMutablePointer<EVP_AEAD_CTX>.allocate(capacity: 1)
        CCryptoBoringSSL_EVP_AEAD_CTX_zero(aead)
        let aeadReady = valueKey.withUnsafeBufferPointer {
            CCryptoBoringSSL_EVP_AEAD_CTX_init(aead, CCryptoBoringSSL_EVP_aead_chacha20_poly1305(),
                                              $0.baseAddress, $0.count, Self.tagCount, nil)
        }
        let keyedMAC = UnsafeMutablePointer<HMAC_CTX>.allocate(capacity: 1)
        CCryptoBoringSSL_HMAC_CTX_init(keyedMAC)
        let macReady = nonceKey.withUnsafeBufferPointer {
            CCryptoBoringSSL_HMAC_Init_ex(keyedMAC, $0.baseAddress, $0.count, CCryptoBoringSSL_EVP_sha256(), nil)
        }
        self.aead = aead
        self.keyedMAC = keyedMAC
        // Only a wrong key length or no memory fails here; the keys are 32
        // bytes from HKDF.
        precondition(aeadReady == 1 && macReady == 1, "the sealing keys could not be set up")
    }

    deinit {
        CCryptoBoringSSL_EVP_AEAD_CTX_cleanup(aead)
        aead.deallocate()
        CCryptoBoringSSL_HMAC_CTX_cleanup(keyedMAC)
        keyedMAC.deallocate()
    }

    /// The first 12 bytes of HMAC(associated data ‖ 0 ‖ plain), appended to `out`.
    func appendSyntheticNonce(associatedData: [UInt8], plain: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var mac = HMAC_CTX()
        CCryptoBoringSSL_HMAC_CTX_init(&mac)
        defer { CCryptoBoringSSL_HMAC_CTX_cleanup(&mac) }
        var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var digestCount: UInt32 = 0
        let separator: UInt8 = 0
        let done = withUnsafeMutableBytes(of: &digest) { digestBytes in
            CCryptoBoringSSL_HMAC_CTX_copy_ex(&mac, keyedMAC) == 1
                && associatedData.withUnsafeBufferPointer { CCryptoBoringSSL_HMAC_Update(&mac, $0.baseAddress, $0.count) } == 1
                && withUnsafePointer(to: separator) { CCryptoBoringSSL_HMAC_Update(&mac, $0, 1) } == 1
                && CCryptoBoringSSL_HMAC_Update(&mac, plain.baseAddress, plain.count) == 1
                && CCryptoBoringSSL_HMAC_Final(&mac, digestBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), &digestCount) == 1
        }
        precondition(done && digestCount == 32, "HMAC-SHA-256 failed")
        withUnsafeBytes(of: &digest) { out += $0.prefix(Self.nonceCount) }
    }

    /// Appends the ciphertext and tag of `plain` under `nonce` to `out`.
    func seal(_ plain: UnsafeBufferPointer<UInt8>, nonce: UnsafeBufferPointer<UInt8>, associatedData: [UInt8], appendingTo out: inout [UInt8]) {
        let start = out.count
        out += repeatElement(0, count: plain.count + Self.tagCount)
        var written = 0
        let done = out.withUnsafeMutableBufferPointer { buffer in
            associatedData.withUnsafeBufferPointer { data in
                CCryptoBoringSSL_EVP_AEAD_CTX_seal(aead, buffer.baseAddress! + start, &written, buffer.count - start,
                                                   nonce.baseAddress, nonce.count, plain.baseAddress, plain.count,
                                                   data.baseAddress, data.count)
            }
        }
        precondition(done == 1 && written == plain.count + Self.tagCount, "ChaCha20-Poly1305 sealing failed")
    }

    /// Opens `nonce ‖ ciphertext ‖ tag` into `plain` (replacing its
    /// contents); false when it does not authenticate.
    func open(_ combined: UnsafeBufferPointer<UInt8>, associatedData: [UInt8], into plain: inout [UInt8]) -> Bool {
        guard combined.count >= Self.nonceCount + Self.tagCount else { return false }
        let cipherCount = combined.count - Self.nonceCount
        plain.removeAll(keepingCapacity: true)
        plain += repeatElement(0, count: cipherCount)
        var written = 0
        let opened = plain.withUnsafeMutableBufferPointer { buffer in
            associatedData.withUnsafeBufferPointer { data in
                CCryptoBoringSSL_EVP_AEAD_CTX_open(aead, buffer.baseAddress, &written, buffer.count,
                                                   combined.baseAddress, Self.nonceCount,
                                                   combined.baseAddress! + Self.nonceCount, cipherCount,
                                                   data.baseAddress, data.count)
            }
        }
        guard opened == 1 else { plain.removeAll(keepingCapacity: true); return false }
        plain.removeLast(plain.count - written)
        return true
    }
}
