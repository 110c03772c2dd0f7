// MappedFile with mmap: see mapped_file.h.
#include "platform/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace lw::platform {

MappedFile::~MappedFile() { close(); }

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        close();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

bool MappedFile::open(const std::string& path, std::string& error) {
    close();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot open " + path;
        return false;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        ::close(fd);
        error = path + " is empty or unreadable";
        return false;
    }
    void* p = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) {
        error = "cannot map " + path + " into memory";
        return false;
    }
    // Fonts are read glyph by glyph: no read-ahead of pages nobody asked for.
    madvise(p, static_cast<std::size_t>(st.st_size), MADV_RANDOM);
    data_ = p;
    size_ = static_cast<std::size_t>(st.st_size);
    return true;
}

void MappedFile::release_pages() const {
    // A private, read-only file mapping: MADV_DONTNEED only unmaps the pages;
    // their contents come back from the file when touched again.
    if (data_) madvise(data_, size_, MADV_DONTNEED);
}

void MappedFile::close() {
    if (data_) munmap(data_, size_);
    data_ = nullptr;
    size_ = 0;
}

}  // namespace lw::platform
