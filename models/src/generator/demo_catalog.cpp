#include "demo_catalog.h"

namespace smartstore::models::gen {
namespace {

using T = Trait;
// name, mids, price lo/hi, popularity, female share, peak age, trait, online-heavy
constexpr std::array<DemoCategory, 30> kCategories{{
    {"패션잡화", {"여성가방", "패션액세서리", "시계"}, 19000, 890000, 6.0, 0.78, 30, T::meticulous, true},
    {"여성의류", {"여성의류아우터", "여성니트", "원피스"}, 29000, 490000, 7.0, 0.95, 40, T::meticulous, true},
    {"냉장/세탁가전", {"냉장고", "세탁기", "건조기"}, 390000, 3900000, 0.5, 0.55, 40, T::meticulous, false},
    {"스포츠패션", {"운동화", "트레이닝복", "아웃도어"}, 29000, 390000, 4.0, 0.55, 30, T::meticulous, true},
    {"가구", {"소파", "침대", "수납가구"}, 150000, 2900000, 0.5, 0.65, 40, T::meticulous, false},
    {"남성의류", {"남성정장", "남성셔츠", "남성캐주얼"}, 29000, 450000, 3.0, 0.30, 40, T::easygoing, false},
    {"영상/음향가전", {"TV", "사운드바", "이어폰"}, 59000, 2500000, 0.6, 0.35, 40, T::meticulous, true},
    {"화장품/뷰티케어", {"스킨케어", "메이크업", "향수"}, 9900, 180000, 6.0, 0.88, 30, T::mania, true},
    {"축산물", {"한우", "돼지고기", "닭고기"}, 6900, 89000, 6.0, 0.70, 40, T::easygoing, false},
    {"컴퓨터", {"노트북", "모니터", "태블릿"}, 190000, 2400000, 0.5, 0.35, 30, T::meticulous, true},
    {"생활/주방가전", {"전기밥솥", "에어프라이어", "청소기"}, 39000, 690000, 1.2, 0.70, 40, T::meticulous, true},
    {"계절가전", {"에어컨", "선풍기", "가습기"}, 49000, 1900000, 0.5, 0.55, 40, T::easygoing, false},
    {"구기/필드스포츠", {"골프용품", "축구용품", "테니스용품"}, 15000, 690000, 0.8, 0.35, 50, T::mania, false},
    {"건강용품", {"안마기", "혈압계", "찜질용품"}, 19000, 490000, 0.8, 0.60, 50, T::meticulous, false},
    {"건강식품", {"홍삼", "비타민", "유산균"}, 19000, 180000, 2.5, 0.70, 50, T::meticulous, true},
    {"과일", {"사과", "감귤", "수입과일"}, 4900, 39000, 7.0, 0.72, 40, T::easygoing, false},
    {"채소", {"잎채소", "뿌리채소", "버섯"}, 1500, 12000, 9.0, 0.75, 40, T::easygoing, false},
    {"과자", {"스낵", "쿠키", "초콜릿"}, 1000, 8900, 10.0, 0.65, 0, T::easygoing, false},
    {"대용식", {"라면", "즉석밥", "시리얼"}, 1500, 15000, 7.0, 0.60, 30, T::easygoing, false},
    {"주류", {"맥주", "와인", "소주"}, 1800, 89000, 3.5, 0.40, 30, T::mania, false},
    {"모바일", {"스마트폰", "스마트워치", "모바일액세서리"}, 9900, 1500000, 0.7, 0.45, 20, T::mania, true},
    {"유아동의류", {"유아복", "아동복", "아동신발"}, 15000, 150000, 2.0, 0.85, 30, T::easygoing, true},
    {"완구", {"블록", "인형", "보드게임"}, 9900, 190000, 1.5, 0.70, 30, T::easygoing, true},
    {"출산/육아용품", {"기저귀", "분유", "유모차"}, 12000, 690000, 1.8, 0.88, 30, T::easygoing, true},
    {"속옷/양말/홈웨어", {"속옷", "양말", "홈웨어"}, 5900, 69000, 3.0, 0.75, 40, T::easygoing, true},
    {"퍼스널케어", {"샴푸", "바디케어", "구강용품"}, 3900, 39000, 5.0, 0.72, 0, T::easygoing, false},
    {"침구/수예", {"이불", "베개", "커튼"}, 29000, 390000, 0.8, 0.80, 50, T::meticulous, true},
    {"테넌트/음식점", {"카페", "푸드코트", "베이커리"}, 4500, 45000, 4.0, 0.60, 20, T::easygoing, false},
    {"상품권", {"백화점상품권", "모바일상품권", ""}, 50000, 500000, 0.4, 0.55, 50, T::easygoing, false},
    {"수산물", {"생선", "건해산물", "조개"}, 5900, 79000, 3.0, 0.68, 50, T::easygoing, false},
}};

constexpr std::array<std::string_view, 17> kZones{"Z01", "Z02", "Z03", "Z04", "Z05", "Z06", "Z07", "Z08", "Z09",
                                                  "Z10", "Z11", "Z12", "Z13", "Z14", "Z15", "Z16", "Z17"};
constexpr std::array<double, 17> kZoneWeights{3, 4, 3, 2, 3, 4, 2, 3, 2, 12, 3, 4, 2, 3, 2, 3, 16};

}  // namespace

std::span<const DemoCategory> demo_categories() { return kCategories; }
std::span<const std::string_view> demo_zones() { return kZones; }
std::span<const double> demo_zone_weights() { return kZoneWeights; }

}  // namespace smartstore::models::gen
