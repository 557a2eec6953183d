/**
 * Vocabulary of the synthetic population: common Vietnamese family names with rough shares,
 * middle and given names by sex, ethnic groups and religions with rough shares, street names and
 * enterprise name parts. Shares are approximate; the data is synthetic.
 */

/** Family names (họ) with approximate population shares in percent. */
// prettier-ignore
export const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 4], ['Huỳnh', 2],
  ['Phan', 4.5], ['Vũ', 2.5], ['Võ', 1.5], ['Đặng', 2], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3],
  ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5], ['Đinh', 0.8], ['Trịnh', 0.7], ['Mai', 0.5],
  ['Lương', 0.5], ['Tạ', 0.3], ['Đoàn', 0.6], ['Cao', 0.4], ['Lâm', 0.4], ['Hà', 0.5],
];

/** Middle names (tên đệm) for men. */
// prettier-ignore
export const MALE_MIDDLE_NAMES = ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Công', 'Thành', 'Gia', 'Anh', 'Xuân', 'Đình'];

/** Middle names (tên đệm) for women. */
// prettier-ignore
export const FEMALE_MIDDLE_NAMES = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Phương', 'Kim', 'Bảo', 'Khánh', 'Mai'];

/** Given names (tên) for men. */
// prettier-ignore
export const MALE_GIVEN_NAMES = [
  'An', 'Bình', 'Cường', 'Dũng', 'Duy', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khang', 'Khoa',
  'Kiên', 'Lâm', 'Long', 'Mạnh', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn',
  'Tài', 'Thắng', 'Thành', 'Tiến', 'Toàn', 'Trung', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Vũ',
];

/** Given names (tên) for women. */
// prettier-ignore
export const FEMALE_GIVEN_NAMES = [
  'Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hồng', 'Huyền', 'Hương',
  'Lan', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhung', 'Oanh', 'Phương', 'Quỳnh',
  'Thảo', 'Thu', 'Thủy', 'Trang', 'Trinh', 'Tuyết', 'Uyên', 'Vân', 'Vy', 'Yến',
];

/** Ethnic groups (dân tộc) with approximate shares in percent. */
// prettier-ignore
export const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['Kinh', 85.3], ['Tày', 1.9], ['Thái', 1.9], ['Mường', 1.5], ['Khmer', 1.4], ['Hoa', 0.8],
  ['Nùng', 1.1], ['Mông', 1.4], ['Dao', 0.9], ['Gia Rai', 0.5], ['Ê Đê', 0.4], ['Ba Na', 0.3],
];

/** Religions (tôn giáo) with approximate shares in percent; null = none. */
// prettier-ignore
export const RELIGIONS: readonly (readonly [string | null, number])[] = [
  [null, 80], ['Phật giáo', 8], ['Công giáo', 7], ['Tin lành', 1.5], ['Cao Đài', 1.2],
  ['Phật giáo Hòa Hảo', 1.3],
];

/** Street names for synthetic addresses. */
// prettier-ignore
export const STREETS = [
  'Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Quang Trung',
  'Điện Biên Phủ', 'Hùng Vương', 'Phan Chu Trinh', 'Nguyễn Trãi', 'Lê Duẩn', 'Bà Triệu',
];

/** Distinctive words of synthetic enterprise names. */
// prettier-ignore
export const ENTERPRISE_WORDS = [
  'Phát Đạt', 'Thành Công', 'Hưng Thịnh', 'An Phú', 'Minh Long', 'Việt Tiến', 'Đại Dương',
  'Sao Mai', 'Hoàng Gia', 'Thiên Phúc', 'Bình Minh', 'Trường Sơn', 'Hồng Hà', 'Tân Việt', 'Phú Quý',
];

/** Business lines of synthetic enterprise names. */
// prettier-ignore
export const ENTERPRISE_SECTORS = [
  'Thương mại', 'Xây dựng', 'Dịch vụ', 'Công nghệ', 'Vận tải', 'Thực phẩm', 'Du lịch', 'Nông nghiệp',
];
