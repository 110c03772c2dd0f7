// A read-only file mapped into memory: pages are read from disk only when
// touched, so a 20 MB CJK font costs only the glyphs actually drawn.
#pragma once

#include <cstddef>
#include <string>

namespace lw::platform {

class MappedFile {
public:
    MappedFile() = default;
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;

    // False with `error` set (one sentence) when the file cannot be mapped.
    bool open(const std::string& path, std::string& error);
    const unsigned char* data() const { return static_cast<const unsigned char*>(data_); }
    std::size_t size() const { return size_; }
    bool is_open() const { return data_ != nullptr; }
    // Drops the pages read so far from this process's resident memory; the
    // next read brings them back from the page cache (or the disk). For a
    // file read in bursts, such as a font while its atlas is built.
    void release_pages() const;

private:
    void close();
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace lw::platform
